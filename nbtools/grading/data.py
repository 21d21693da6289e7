"""Answers as plain data: what crosses between the grading kernel (untrusted) and the grader.

A learner's answer never reaches the grader as an object of the learner's making: the kernel ``encode``s it
into JSON (numbers, text, lists, NumPy arrays as raw bytes of a numeric dtype, SymPy expressions as a tree of
SymPy's own classes) and the grader ``decode``s that JSON back, allowing only those shapes. No pickle, no
``eval``: decoding builds NumPy arrays from bytes and SymPy expressions node by node from SymPy's public
classes, unevaluated, so what arrives is exactly what was sent and building it runs no code of the learner's.
Functions cannot be sent as data: each side says what to do with them (``on_function``), the kernel by
handing out a number the grader may call it by, the grader by calling back.

Anything else arrives as an ``Unsupported`` stand-in named after the learner's type, so a check can still say
"Your answer is a DataFrame; a number was expected."
"""

import base64
import dataclasses
import importlib
import json
import math
from fractions import Fraction

import numpy as np

MAX_TEXT_CHARACTERS = 64 * 1024 * 1024  # one encoded answer: a digits image batch is far smaller
MAX_ELEMENTS = 20_000_000  # array elements, list items and SymPy nodes in one answer, all together
MAX_DEPTH = 200  # nesting of lists and expression trees
NUMERIC_KINDS = "biufc"  # bool, int, unsigned, float, complex: sent as raw bytes


class Unreadable(ValueError):
    """Encoded data the grader will not read: too large, too deep, or of a shape it does not know."""


class Unsupported:
    """Stands in for a value of a type that cannot be sent (a learner's own class, a generator, a file...)."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<a {self.type_name}>"


def unsupported(type_name):
    """An ``Unsupported`` stand-in whose own type carries the learner's type name, so messages that say
    ``type(answer).__name__`` name the learner's type."""
    name = "".join(c for c in str(type_name) if c.isalnum() or c == "_")[:60] or "object"
    return type(name, (Unsupported,), {})(name)


# --- encoding (both sides) ------------------------------------------------------------------------

def encode(value, on_function):
    """``value`` as a JSON string; ``on_function(function)`` returns the JSON-able form of each callable."""
    return json.dumps(_encode(value, on_function, 0), allow_nan=True)


def _encode(value, on_function, depth):
    if depth > MAX_DEPTH:
        raise Unreadable(f"nested more than {MAX_DEPTH} levels deep")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.ndarray):
        return _encode_array(np.asarray(value), on_function, depth)
    if isinstance(value, np.generic):
        return {"scalar": _encode_array(np.asarray(value), on_function, depth)}
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, complex):
        return {"complex": [value.real, value.imag]}
    if isinstance(value, Fraction):
        return {"fraction": [value.numerator, value.denominator]}
    if value is Ellipsis:
        return {"ellipsis": True}
    if isinstance(value, list):
        return [_encode(item, on_function, depth + 1) for item in value]
    if isinstance(value, tuple):
        return {"tuple": [_encode(item, on_function, depth + 1) for item in value]}
    if isinstance(value, dict):
        return {"dict": [[_encode(key, on_function, depth + 1), _encode(item, on_function, depth + 1)]
                         for key, item in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {"set": [_encode(item, on_function, depth + 1) for item in value]}
    sympy_tree = _encode_sympy(value, depth)
    if sympy_tree is not None:
        return {"sympy": sympy_tree}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # a data set's Split, say
        return {"record": f"{type(value).__module__}:{type(value).__qualname__}",
                "fields": {field.name: _encode(getattr(value, field.name), on_function, depth + 1)
                           for field in dataclasses.fields(value)}}
    if isinstance(value, np.random.Generator):
        return {"generator": json.loads(json.dumps(value.bit_generator.state, default=int))}
    tensor = _encode_tensor(value, on_function, depth)  # a PyTorch tensor (exercise 9)
    if tensor is not None:
        return tensor
    if callable(value):
        return on_function(value)
    return {"unsupported": type(value).__name__}


def _encode_array(array, on_function, depth):
    if array.dtype.kind in NUMERIC_KINDS:
        data = np.ascontiguousarray(array).tobytes()
        return {"array": array.dtype.str, "shape": list(array.shape), "bytes": base64.b64encode(data).decode()}
    if array.dtype.kind in "OU":
        return {"array": array.dtype.kind, "shape": list(array.shape),
                "items": [_encode(item, on_function, depth + 1) for item in array.ravel().tolist()]}
    return {"unsupported": f"array of {array.dtype}"}


def _encode_sympy(value, depth):
    """A SymPy expression as nested lists ``[kind, ...]``, or None when ``value`` is not SymPy's."""
    import sys

    sympy = sys.modules.get("sympy")  # a learner who never imported SymPy has no SymPy answers
    if sympy is None or not isinstance(value, (sympy.Basic, sympy.MatrixBase)):
        return None
    if depth > MAX_DEPTH:
        raise Unreadable(f"an expression nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, sympy.MatrixBase):
        kind = "ImmutableMatrix" if isinstance(value, sympy.ImmutableMatrix) else "Matrix"
        return [kind, value.rows, value.cols, [_encode_sympy(item, depth + 1) for item in value]]
    if value.is_Integer:
        return ["Integer", str(value.p)]
    if value.is_Rational:
        return ["Rational", str(value.p), str(value.q)]
    if value.is_Float:
        sign, mantissa, exponent, bits = value._mpf_
        return ["Float", sign, str(mantissa), exponent, bits, value._prec]
    if isinstance(value, sympy.Symbol):
        kind = "Dummy" if isinstance(value, sympy.Dummy) else "Symbol"
        assumptions = getattr(value, "_assumptions_orig", None) or {}
        return [kind, value.name, {key: bool(flag) for key, flag in assumptions.items() if flag is not None}]
    if isinstance(value, sympy.core.function.AppliedUndef):
        return ["Undefined", type(value).__name__, [_encode_sympy(arg, depth + 1) for arg in value.args]]
    if not value.args:
        return ["S", type(value).__name__]  # pi, E, I, oo, zoo, nan, true, false...
    return [type(value).__name__, [_encode_sympy(arg, depth + 1) for arg in value.args]]


# --- decoding (the grader reads the kernel's answers; the kernel reads the grader's inputs) ---------------

def decode(text, on_function):
    """The value ``text`` encodes; ``on_function(form)`` rebuilds each callable. Raises ``Unreadable``."""
    if len(text) > MAX_TEXT_CHARACTERS:
        raise Unreadable(f"it is larger than {MAX_TEXT_CHARACTERS // 2**20} MB")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise Unreadable(f"it is not valid data ({type(error).__name__})") from None
    return _Decoder(on_function).value(data, 0)


class _Decoder:
    """Rebuilds values from decoded JSON, counting elements so that no answer grows without bound."""

    def __init__(self, on_function):
        self.on_function, self.elements = on_function, 0

    def count(self, number):
        self.elements += number
        if self.elements > MAX_ELEMENTS:
            raise Unreadable(f"it has more than {MAX_ELEMENTS:,} elements")

    def value(self, data, depth):
        if depth > MAX_DEPTH:
            raise Unreadable(f"it is nested more than {MAX_DEPTH} levels deep")
        self.count(1)
        if data is None or isinstance(data, (bool, int, float, str)):
            return data
        if isinstance(data, list):
            return [self.value(item, depth + 1) for item in data]
        if not isinstance(data, dict) or len(data) == 0:
            raise Unreadable("it has an unknown shape")
        kind = next(iter(data))
        if kind == "array":
            return self.array(data, depth)
        if kind == "scalar":
            return self.array(data["scalar"], depth)[()]
        if kind == "tuple":
            return tuple(self.value(item, depth + 1) for item in self.items(data["tuple"]))
        if kind == "dict":
            return {self.key(pair[0], depth): self.value(pair[1], depth + 1) for pair in self.items(data["dict"])
                    if isinstance(pair, list) and len(pair) == 2}
        if kind == "set":
            return {self.key(item, depth) for item in self.items(data["set"])}
        if kind == "complex":
            real, imaginary = self.items(data["complex"])
            return complex(float(real), float(imaginary))
        if kind == "fraction":
            numerator, denominator = self.items(data["fraction"])
            if not (isinstance(numerator, int) and isinstance(denominator, int) and denominator != 0):
                raise Unreadable("it has a broken fraction")
            return Fraction(numerator, denominator)
        if kind == "ellipsis":
            return Ellipsis
        if kind == "sympy":
            return self.sympy(data["sympy"], depth)
        if kind == "generator":
            return self.generator(data["generator"])
        if kind == "record":
            return self.record(data, depth)
        if kind == "unsupported":
            return unsupported(data["unsupported"])
        if kind == "tensor":
            return _decode_tensor(self, data, depth)
        return self.on_function(data)

    @staticmethod
    def items(data):
        if not isinstance(data, list):
            raise Unreadable("it has an unknown shape")
        return data

    def key(self, data, depth):
        key = self.value(data, depth + 1)
        try:
            hash(key)
        except TypeError:
            raise Unreadable("it has a dictionary key that cannot be one") from None
        return key

    def array(self, data, depth):
        dtype, shape = data.get("array"), data.get("shape")
        if not (isinstance(shape, list) and all(isinstance(n, int) and n >= 0 for n in shape) and len(shape) <= 32):
            raise Unreadable("it has an array of a broken shape")
        size = math.prod(shape)
        self.count(size)
        if dtype in ("O", "U"):
            items = [self.value(item, depth + 1) for item in self.items(data.get("items"))]
            if len(items) != size:
                raise Unreadable("it has an array whose items do not fill its shape")
            array = np.empty(len(items), dtype=object)
            array[:] = items
            return array.reshape(shape) if dtype == "O" else array.astype(str).reshape(shape)
        try:
            dtype = np.dtype(dtype)
        except TypeError:
            raise Unreadable("it has an array of an unknown type") from None
        if dtype.kind not in NUMERIC_KINDS:
            raise Unreadable("it has an array of an unknown type")
        raw = base64.b64decode(str(data.get("bytes", "")), validate=True)
        if len(raw) != size * dtype.itemsize:
            raise Unreadable("it has an array whose bytes do not fill its shape")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()

    def record(self, data, depth):
        """A dataclass of nbtools' building blocks (``datasets.Split``); any other becomes ``Unsupported``."""
        module, _, name = str(data["record"]).partition(":")
        cls = None
        if module.startswith("nbtools.") and not module.startswith("nbtools.checks"):
            try:
                cls = getattr(importlib.import_module(module), name, None)
            except ImportError:
                pass
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            return unsupported(name.rpartition(".")[2])
        fields = data.get("fields")
        if not isinstance(fields, dict) or set(fields) != {field.name for field in dataclasses.fields(cls)}:
            raise Unreadable(f"it has a {name} with other fields than a {name}'s")
        return cls(**{key: self.value(value, depth + 1) for key, value in fields.items()})

    def generator(self, state):
        if not isinstance(state, dict) or state.get("bit_generator") != "PCG64":
            raise Unreadable("it has a random generator of an unknown kind")
        generator = np.random.Generator(np.random.PCG64())
        try:
            generator.bit_generator.state = state
        except (TypeError, ValueError, KeyError):
            raise Unreadable("it has a broken random generator") from None
        return generator

    def sympy(self, node, depth):
        import sympy

        if depth > MAX_DEPTH:
            raise Unreadable(f"it has an expression nested more than {MAX_DEPTH} levels deep")
        self.count(1)
        if not (isinstance(node, list) and node and isinstance(node[0], str)):
            raise Unreadable("it has an expression of an unknown shape")
        kind, rest = node[0], node[1:]
        try:
            return _SYMPY_LEAVES[kind](sympy, *rest) if kind in _SYMPY_LEAVES else \
                self.sympy_node(sympy, kind, rest, depth)
        except Unreadable:
            raise
        except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError):
            raise Unreadable(f"it has a SymPy {kind[:40]} that cannot be rebuilt") from None

    def sympy_node(self, sympy, kind, rest, depth):
        if kind in ("Matrix", "ImmutableMatrix"):
            rows, columns, items = rest
            return getattr(sympy, kind)(rows, columns, [self.sympy(item, depth + 1) for item in self.items(items)])
        if kind == "Undefined":  # f(x) for a function f that SymPy only knows by name
            name, arguments = rest
            return sympy.Function(str(name))(*[self.sympy(argument, depth + 1) for argument in self.items(arguments)])
        (arguments,) = rest
        arguments = [self.sympy(argument, depth + 1) for argument in self.items(arguments)]
        cls = _sympy_classes(sympy).get(kind)
        if cls is None:
            raise Unreadable(f"it has a SymPy {kind[:40]}, which the grader does not know")
        if issubclass(cls, sympy.core.operations.AssocOp):
            return cls._from_args(arguments)  # as sent: not flattened, sorted or evaluated again
        try:
            return cls(*arguments, evaluate=False)
        except TypeError:
            return cls(*arguments)


_SYMPY_CLASSES = {}


def _sympy_classes(sympy):
    """``{name: class}`` of SymPy's own expression classes (``Add``, ``exp``, ``ExprCondPair``...), built once."""
    if not _SYMPY_CLASSES:
        found, stack = {}, [sympy.Basic]
        while stack:
            cls = stack.pop()
            stack.extend(cls.__subclasses__())
            if str(cls.__module__).startswith("sympy.") and not issubclass(cls, sympy.core.function.AppliedUndef):
                found.setdefault(cls.__name__, cls)
        found.update({name: value for name, value in vars(sympy).items()
                      if isinstance(value, type) and issubclass(value, sympy.Basic)})
        _SYMPY_CLASSES.update(found)
    return _SYMPY_CLASSES


def _symbol(sympy, cls, name, assumptions):
    from sympy.core.assumptions import _assume_defined

    if not isinstance(name, str) or not isinstance(assumptions, dict) or not set(assumptions) <= _assume_defined:
        raise Unreadable("it has a symbol with unknown assumptions")
    return cls(name, **{key: bool(flag) for key, flag in assumptions.items()})


def _float(sympy, sign, mantissa, exponent, bits, precision):
    from mpmath.libmp import normalize

    if not all(isinstance(n, int) for n in (sign, exponent, bits, precision)) or not 1 <= precision <= 10_000:
        raise Unreadable("it has a broken floating-point number")
    return sympy.Float._new(normalize(sign, int(mantissa), exponent, bits, precision, "n"), precision)


_SYMPY_LEAVES = {
    "Integer": lambda sympy, digits: sympy.Integer(int(digits)),
    "Rational": lambda sympy, p, q: sympy.Rational(int(p), int(q)),
    "Float": _float,
    "Symbol": lambda sympy, name, assumptions: _symbol(sympy, sympy.Symbol, name, assumptions),
    "Dummy": lambda sympy, name, assumptions: _symbol(sympy, sympy.Dummy, name, assumptions),
    "S": lambda sympy, name: _singleton(sympy, name),
}


def _singleton(sympy, name):
    value = getattr(sympy.S, str(name), None)
    if not isinstance(value, sympy.Basic):
        raise Unreadable(f"it has a SymPy constant {str(name)[:40]}, which the grader does not know")
    return value


# --- PyTorch tensors (exercise 9) -------------------------------------------------------------------
# A tensor crosses as its values (a NumPy array, raw bytes as above), its dtype's name and whether it
# requires a gradient; the other side rebuilds a plain tensor from them (never a learner's subclass, and
# no graph: ``grad_fn`` does not cross). Where PyTorch is not installed it arrives as the NumPy array.

TENSOR_DTYPES = {"float64", "float32", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8",
                 "bool", "complex64", "complex128"}


def _encode_tensor(value, on_function, depth):
    """``{"tensor": array, "dtype": name, "requires_grad": flag}``, or None when ``value`` is no tensor."""
    import sys

    torch = sys.modules.get("torch")  # a learner who never imported PyTorch has no tensor answers
    if torch is None or not isinstance(value, torch.Tensor):
        return None
    name = str(value.dtype).removeprefix("torch.")
    if name not in TENSOR_DTYPES or value.layout != torch.strided or value.is_quantized:
        return {"unsupported": f"tensor of {name}"}
    values = value.detach().cpu().resolve_conj().resolve_neg()
    if name == "bfloat16":  # NumPy has no bfloat16: float32 holds every bfloat16 exactly
        values = values.float()
    return {"tensor": _encode_array(values.numpy(), on_function, depth), "dtype": name,
            "requires_grad": bool(value.requires_grad)}


def _decode_tensor(decoder, data, depth):
    """The tensor ``data`` describes, rebuilt with PyTorch (or the NumPy array where there is none)."""
    name = data.get("dtype")
    if name not in TENSOR_DTYPES or not isinstance(data.get("tensor"), dict):
        raise Unreadable("it has a tensor of an unknown type")
    array = decoder.array(data["tensor"], depth)
    try:
        import torch
    except ImportError:
        return array
    tensor = torch.from_numpy(array.copy(order="C")).to(getattr(torch, name))
    if data.get("requires_grad") is True and (tensor.is_floating_point() or tensor.is_complex()):
        tensor.requires_grad_(True)
    return tensor
