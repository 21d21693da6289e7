"""What crosses between the grading kernel and the grader (``nbtools.grading.data``): every kind of answer
arrives as it was sent, and data the grader will not read is refused with a reason, never built."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from nbtools.grading.data import MAX_DEPTH, Unreadable, Unsupported, decode, encode

x, h, u = sp.symbols("x h u")
y = sp.Symbol("y", positive=True)


def round_trip(value):
    return decode(encode(value, lambda function: {"function": 0}), lambda form: ("function", form))


@pytest.mark.parametrize("expression", [
    1 / (4 * sp.cosh(u / 2) ** 2), sp.sech(u / 2) ** 2 / 4, (1 - sp.tanh(u / 2) ** 2) / 4, -4 * x - 2 * h + 12,
    sp.Rational(1, 3) * x + sp.Float("0.1", 30) * y, sp.pi * sp.I + sp.E + sp.oo, sp.zoo, sp.nan, sp.S.Half,
    sp.Function("f")(x) ** 2, sp.Eq(x, 3), sp.Matrix([[x, 1], [2, y]]), sp.ImmutableMatrix([[x]]),
    sp.Piecewise((x, x > 0), (0, True)), sp.Max(x, 0), sp.Heaviside(x), sp.Derivative(sp.Function("g")(x), x),
    sp.log(x) + sp.sqrt(x) + sp.Abs(x) + sp.sign(x), sp.Integer(10) ** 400, sp.Float(1e-300), sp.true,
    sp.Symbol("x", real=True), sp.Tuple(1, 2), sp.FiniteSet(1, 2),
    sp.Add(x, x, evaluate=False), sp.Pow(2, 10**100, evaluate=False),  # unevaluated: rebuilt as sent, not computed
], ids=str)
def test_sympy_expressions_arrive_exactly_as_sent(expression):
    assert sp.srepr(round_trip(expression)) == sp.srepr(expression)


@pytest.mark.parametrize("value", [
    None, True, 3, 2**70, -0.5, float("inf"), "text", [1, [2.5, "a"]], (1, (2,)), {"a": 1, (1, 2): [3]}, {1, 2},
    Fraction(1, 3), 1 + 2j, Ellipsis, np.float32(1.5), np.int64(7), np.bool_(True),
    np.arange(6, dtype=np.float32).reshape(2, 3), np.array([1, 2], dtype=np.uint8), np.array([[1 + 1j]]),
    np.array(["a", "bc"]), np.zeros((0, 3)),
], ids=repr)
def test_values_arrive_with_their_type_dtype_and_shape(value):
    received = round_trip(value)
    assert type(received) is type(value)
    if isinstance(value, np.ndarray):
        assert (received.dtype, received.shape) == (value.dtype, value.shape) and np.array_equal(received, value)
    else:
        assert received == value


def test_nan_object_arrays_and_random_generators_arrive():
    assert np.isnan(round_trip(float("nan"))) and np.isnan(round_trip(np.float64("nan")))
    objects = round_trip(np.array([Fraction(1, 2), None], dtype=object))
    assert objects.dtype == object and list(objects) == [Fraction(1, 2), None]
    generator = np.random.default_rng(3)
    generator.random()
    assert round_trip(generator).random() == generator.random()


def test_functions_are_handed_over_by_the_callers_rule_and_other_objects_are_named_stand_ins():
    class DataFrame:
        pass

    assert round_trip(lambda: 1) == ("function", {"function": 0})
    stand_in = round_trip(DataFrame())
    assert isinstance(stand_in, Unsupported) and type(stand_in).__name__ == "DataFrame"
    assert type(round_trip(iter([]))).__name__ == "list_iterator"


@pytest.mark.parametrize("text, reason", [
    ('{"array": "<f8", "shape": [10], "bytes": ""}', "bytes do not fill its shape"),
    ('{"array": "<f8", "shape": [100000, 100000, 100000], "bytes": ""}', "more than 20,000,000 elements"),
    ('{"array": "O", "shape": [1e9], "items": []}', "broken shape"),
    ('{"array": "V8", "shape": [1], "bytes": "AAAAAAAAAAA="}', "unknown type"),
    ('{"sympy": ["os", [["Integer", "1"]]]}', "the grader does not know"),
    ('{"sympy": ["Symbol", "x", {"evil": true}]}', "unknown assumptions"),
    ('{"sympy": ["Integer", "1' + "0" * 5000 + '"]}', "cannot be rebuilt"),
    ("[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10), "nested more than"),
    ('{"pickle": "gASV"}', None),  # not a known form: handed to the caller's rule for functions, which refuses
    ("not json", "not valid data"),
])
def test_data_the_grader_will_not_read_is_refused(text, reason):
    def refuse(form):
        raise Unreadable("it has an unknown form")

    with pytest.raises(Unreadable, match=reason or "unknown form"):
        decode(text, refuse)


def test_too_deep_an_answer_is_refused_when_sent():
    nested = []
    for _ in range(MAX_DEPTH + 5):
        nested = [nested]
    with pytest.raises(Unreadable, match="nested more than"):
        encode(nested, lambda function: None)


def test_a_data_set_split_arrives_as_a_split_and_a_learners_own_record_as_a_stand_in():
    import dataclasses

    from nbtools.datasets import load_digits_split

    split = load_digits_split(seed=0)
    received = round_trip(split)
    assert type(received) is type(split) and np.array_equal(received.X_test, split.X_test)

    @dataclasses.dataclass
    class Mine:
        value: int

    assert isinstance(round_trip(Mine(1)), Unsupported)


# --- PyTorch tensors (exercise 9) -----------------------------------------------------------------

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("tensor", [
    torch.arange(6, dtype=torch.float64).reshape(2, 3), torch.tensor([1.5, -2.0], dtype=torch.float32),
    torch.tensor([[1, 2]], dtype=torch.int64), torch.tensor([True, False]), torch.zeros((0, 4)),
    torch.tensor(3.25, dtype=torch.float64), torch.tensor([1 + 2j], dtype=torch.complex128),
    torch.tensor([0.1, 1e30], dtype=torch.bfloat16), torch.arange(12.0).reshape(3, 4).T,  # not contiguous
], ids=lambda t: f"{t.dtype} {tuple(t.shape)}")
def test_tensors_arrive_as_tensors_with_their_dtype_shape_and_values(tensor):
    received = round_trip(tensor)
    assert type(received) is torch.Tensor and received.dtype == tensor.dtype and received.shape == tensor.shape
    assert torch.equal(received, tensor)


def test_a_parameter_or_a_tensor_with_a_graph_arrives_as_a_plain_tensor_that_requires_a_gradient():
    weight = torch.nn.Linear(3, 2, dtype=torch.float64).weight
    output = weight * 2
    for value in (weight, output, [output, weight.detach()]):
        received = round_trip(value)
        for sent, got in zip(value if isinstance(value, list) else [value],
                             received if isinstance(received, list) else [received]):
            assert type(got) is torch.Tensor and got.grad_fn is None
            assert got.requires_grad == sent.requires_grad
            assert torch.equal(got.detach(), sent.detach())


def test_a_tensor_arrives_as_its_numpy_array_where_pytorch_is_missing(monkeypatch):
    import sys

    text = encode(torch.tensor([[1.0, 2.0]], dtype=torch.float64), lambda function: {"function": 0})
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    received = decode(text, lambda form: form)
    assert isinstance(received, np.ndarray) and received.dtype == np.float64
    np.testing.assert_array_equal(received, [[1.0, 2.0]])


@pytest.mark.parametrize("text", [
    '{"tensor": {"array": "<f8", "shape": [1], "bytes": "AAAAAAAA8D8="}, "dtype": "object"}',
    '{"tensor": [1.0], "dtype": "float64"}',
    '{"tensor": {"array": "<f8", "shape": [2], "bytes": "AAAAAAAA8D8="}, "dtype": "float64"}',
])
def test_a_broken_tensor_is_refused(text):
    with pytest.raises(Unreadable):
        decode(text, lambda form: form)


def test_a_sparse_tensor_is_named_not_sent():
    received = round_trip(torch.eye(2).to_sparse())
    assert isinstance(received, Unsupported) and "tensor" in received.type_name
