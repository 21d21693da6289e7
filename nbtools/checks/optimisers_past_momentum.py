"""Checks for exercise 11, optimisers past momentum: one function a question, registered as ``check.<name>``.

The references are ``nbtools.optimisers``' building blocks (``RMSProp``, ``Adam``, ``AdamW``,
``warm_up_cosine``), each driven one step from the state a case gives, Nesterov's step as lesson 11 defines it
(the gradient at the look-ahead point θ + αv), and the closed forms the lesson derives. The misconceptions are
the ones lesson 11 names: Nesterov's gradient taken where the parameters stand (plain momentum), Adam without
its bias correction or with the correction's exponent one step off (t counted from 0), ε inside the square root
or added to the squared gradient, RMSProp averaging the gradients and squaring the average (or summing the
squares like AdaGrad), L2 put into Adam's gradient where AdamW decays the weights outside it, a warm-up that
starts at 0 and a cosine one step off.

The cases are built to separate them: every Nesterov case has a velocity that is not 0 (with v = 0 the
look-ahead point is the current one) and a gradient that is not linear; every step function meets t = 1 and
t > 1, entries whose gradients differ by six orders of magnitude, and an ε that matters (gradients of the size
of ε, and a gradient of 0 whose average is 0, where a step without ε divides 0 by 0) as well as ones where it does
not. That case comes first: the engine names the mistake of the first failing case only, and where ε does not
matter the ε slips (inside the root, squared inside, left out, added to the step) agree to 1e-9. The schedule's
cases include no warm-up at all (W = 0), where a warm-up fraction computed before the test divides by 0, and
start at t = 3 of 5, where a warm-up from 0 and one with `//` differ.
"""

import numpy as np
import sympy

from .. import optimisers
from . import register
from .engine import Case, Misconception, check_function, check_value

PLAIN_MOMENTUM = ("You took the gradient where the parameters stand, ∇L(θ): that is plain momentum. Nesterov takes "
                  "it at the look-ahead point θ + αv, where the velocity is about to carry them.")
NO_CORRECTION = ("Your step leaves out the bias correction: m and v start at 0, so E[m_t] = (1 - β₁ᵗ)E[g] and "
                 "E[v_t] = (1 - β₂ᵗ)E[g²]. Divide them by 1 - β₁ᵗ and 1 - β₂ᵗ before the step.")
EXPONENT_OFF = ("Your correction's exponent is one step off (β^(t-1), or t counted from 0, which divides by 0 at "
                "the first step). t is the number of gradients averaged so far: 1 at the first step, and the "
                "correction is 1 - βᵗ.")
EPSILON_INSIDE = ("You put ε inside the square root, √(s + ε). It belongs outside: divide by √s + ε. Inside, it "
                  "acts like a gradient of size √ε, which changes every step whose gradient is small.")
EPSILON_IN_SQUARE = ("You added ε to the squared gradient, so it entered the average. ε is only a guard against "
                     "dividing by 0: add it to the square root, √s + ε, and keep s the average of g² alone.")
L2_IN_ADAM = ("You put the decay into the gradient, g + λθ (L2 in Adam): Adam then divides it by √v̂, so weights "
              "with large gradients are barely decayed. AdamW decays every weight outside the gradient, "
              "θ ← θ - ηλθ, then takes Adam's step on the loss's gradient alone.")


POWER_OF_ONE_MINUS_BETA = ("Check your brackets: you raised (1 - β) to the power t. The correction divides by "
                           "1 - βᵗ, one minus β to the power t (`1 - beta ** t`).")
CORRECTION_MULTIPLIED = ("You multiplied by the correction factor. The averages are too small by 1 - βᵗ, so "
                         "divide them by it: m̂ = m/(1 - β₁ᵗ).")
T_IGNORED = ("Your correction is right at the first step only: it uses 1 - β, whatever t is. Use the step number "
             "you are given, 1 - βᵗ (β₁ᵗ for m, β₂ᵗ for v).")
NO_EPSILON = ("Your divisor has no ε: you left it out, or added it outside the division, η(g/√s + ε). A gradient "
              "of 0 whose average is still 0 (a weight that has had no gradient yet) then divides 0 by 0 and gives "
              "NaN. ε belongs in the divisor: √s + ε.")
ADAM_NO_EPSILON = NO_EPSILON.replace("g/√s", "m̂/√v̂").replace("√s + ε", "√v̂ + ε")
UPHILL = ("Your step goes uphill: θ moves *against* the gradient, θ ← θ - η·(...), so a positive gradient "
          "lowers θ.")
STATE_IGNORED = ("Your step ignores the averages you are given and starts them from 0: update them from the "
                 "given state, ρ of the old value (β for Adam) plus the new gradient's share.")
EPSILON_UNSCALED = ("You folded the corrections into the rate, η√(1 - β₂ᵗ)/(1 - β₁ᵗ), but kept ε next to √v: that "
                    "adds ε to √v, not to √v̂, and where gradients are as small as ε the step is far shorter. "
                    "The question's form divides by √v̂ + ε (or scale ε by √(1 - β₂ᵗ) too).")


def _copies(*arrays):
    """Float copies of the arrays, so that a building block that works in place leaves the case alone."""
    return [np.array(a, dtype=float) for a in arrays]


# --- Question 1: Nesterov's step ----------------------------------------------------------------------------

def reference_nesterov_step(theta, velocity, gradient, learning_rate, alpha):
    """v <- alpha v - learning_rate grad(theta + alpha v); theta <- theta + v."""
    velocity = alpha * velocity - learning_rate * gradient(theta + alpha * velocity)
    return theta + velocity, velocity


def _nesterov_slip(slip):
    def step(theta, velocity, gradient, learning_rate, alpha):
        point = {"here": theta, "no alpha": theta + velocity}.get(slip, theta + alpha * velocity)
        if slip in ("library form", "library form ahead"):
            g = gradient(theta if slip == "library form" else theta + alpha * velocity)
            new = alpha * velocity - learning_rate * g
            return theta + alpha * new - learning_rate * g, new
        if slip == "behind":
            new = alpha * velocity - learning_rate * gradient(theta - alpha * velocity)
            return theta + new, new
        if slip == "no velocity":
            new = -learning_rate * gradient(theta)
            return theta + new, new
        if slip == "swapped":
            new = alpha * velocity - learning_rate * gradient(theta + alpha * velocity)
            return new, theta + new
        if slip == "torch sign":
            new = alpha * velocity + learning_rate * gradient(theta + alpha * velocity)
            return theta - new, new
        sign = -1 if slip == "ascent" else 1
        new = (1 if slip == "velocity without alpha" else alpha) * velocity - sign * learning_rate * gradient(point)
        return theta + (velocity if slip == "old velocity" else new), new
    return step


def bowl_gradient(theta):
    """The gradient of Σ cosh(θ) + θ²: not linear, so the point where it is taken matters."""
    return np.sinh(theta) + 2 * theta


TILTED = np.array([[4.0, 1.5, 0.0], [1.5, 2.0, -0.5], [0.0, -0.5, 9.0]])


def tilted_gradient(theta):
    """The gradient of θᵀHθ/2 + Σθ⁴/4 with a non-diagonal H."""
    return TILTED @ theta + theta ** 3


def valley_gradient(theta):
    """Lesson 6's valley, (x, 25 y)."""
    return np.array([1.0, 25.0]) * theta


NESTEROV_CASES = [
    Case((np.array([0.8, -1.2, 0.3]), np.array([0.5, 0.2, -0.4]), tilted_gradient, 0.05, 0.9),
         "θ = [0.8, -1.2, 0.3], v = [0.5, 0.2, -0.4], a tilted quartic bowl, η = 0.05, α = 0.9"),
    Case((np.array([[1.5, -0.5], [0.25, 2.0]]), np.array([[-0.3, 0.6], [0.1, -0.2]]), bowl_gradient, 0.1, 0.7),
         "θ and v of shape (2, 2), the bowl Σ cosh(θ) + θ², η = 0.1, α = 0.7"),
    Case((np.array([-10.0, 1.0]), np.array([1.2, -0.9]), valley_gradient, 0.04, 0.9),
         "θ = [-10, 1], v = [1.2, -0.9] on lesson 6's valley, η = 0.04, α = 0.9"),
    Case((np.array([2.0, 0.0, -3.0]), np.array([-1.0, 0.5, 2.5]), tilted_gradient, 0.01, 0.5),
         "θ = [2, 0, -3], v = [-1, 0.5, 2.5], the tilted bowl, η = 0.01, α = 0.5"),
]


@register
def nesterov_step(answer):
    """Q1: ``nesterov_step(theta, velocity, gradient, learning_rate, alpha)``: v ← αv - η∇L(θ + αv),
    θ ← θ + v; returns (θ, v)."""
    misconceptions = [
        Misconception(PLAIN_MOMENTUM, _nesterov_slip("here")),
        Misconception("Your look-ahead point is θ + v: the velocity is first multiplied by α, so momentum is about "
                      "to carry θ to θ + αv, and that is where Nesterov takes the gradient.",
                      _nesterov_slip("no alpha")),
        Misconception("That is the libraries' form, φ ← φ + αv - ηg with g at φ: it holds the look-ahead point φ "
                      "= θ + αv, not θ. This question asks for the step as defined, in θ: v ← αv - η∇L(θ + αv), "
                      "θ ← θ + v.", _nesterov_slip("library form")),
        Misconception("Your step goes uphill: the velocity takes *minus* η times the gradient.",
                      _nesterov_slip("ascent")),
        Misconception("You moved θ with the old velocity: update v first, then θ ← θ + v with the new v.",
                      _nesterov_slip("old velocity")),
        Misconception("Your new velocity leaves out α: v ← αv - η∇L(θ + αv), so old velocity fades by α each "
                      "step.", _nesterov_slip("velocity without alpha")),
        Misconception("That is the libraries' update, φ + αv - ηg, applied to θ: it belongs to the look-ahead "
                      "point φ. In θ the step is simply θ ← θ + v with the new v.",
                      _nesterov_slip("library form ahead")),
        Misconception("Your look-ahead point is θ - αv, behind θ: momentum is about to carry θ *forwards* by αv, "
                      "to θ + αv.", _nesterov_slip("behind")),
        Misconception("Your step ignores the velocity you are given: that is plain gradient descent. The old "
                      "velocity, faded by α, carries on: v ← αv - η∇L(θ + αv).", _nesterov_slip("no velocity")),
        Misconception("Your tuple is in the wrong order: return (new_theta, new_velocity).",
                      _nesterov_slip("swapped")),
        Misconception("Your step uses α = 0.9 whatever α it is given: use the argument `alpha`.",
                      lambda theta, velocity, gradient, learning_rate, alpha: reference_nesterov_step(
                          theta, velocity, gradient, learning_rate, 0.9)),
        Misconception("Your velocity has the opposite sign (PyTorch's buffer adds the gradient, v ← αv + g, and "
                      "subtracts the step). This question's velocity is lesson 6's: v ← αv - η∇L(θ + αv), "
                      "θ ← θ + v.", _nesterov_slip("torch sign")),
    ]
    return check_function(answer, reference_nesterov_step, NESTEROV_CASES, misconceptions)


# --- Question 2: RMSProp's step ---------------------------------------------------------------------------

def reference_rmsprop_step(theta, gradient, s, learning_rate, rho, epsilon):
    """``nbtools.optimisers.RMSProp``'s step from the average ``s``: returns (θ, s)."""
    theta, gradient, s = _copies(theta, gradient, s)
    optimiser = optimisers.RMSProp(learning_rate, rho=rho, epsilon=epsilon)
    optimiser.averages = [s]
    optimiser.step([theta], [gradient])
    return theta, s


def _rmsprop_slip(slip):
    def step(theta, gradient, s, learning_rate, rho, epsilon):
        new_s = {"sum": s + gradient ** 2, "swapped": (1 - rho) * s + rho * gradient ** 2,
                 "epsilon in square": rho * s + (1 - rho) * (gradient ** 2 + epsilon),
                 "average of g": rho * s + (1 - rho) * gradient}.get(slip, rho * s + (1 - rho) * gradient ** 2)
        if slip == "average of g":
            return theta - learning_rate * gradient / (np.abs(new_s) + epsilon), new_s
        if slip == "epsilon inside":
            return theta - learning_rate * gradient / np.sqrt(new_s + epsilon), new_s
        if slip == "epsilon in square":
            return theta - learning_rate * gradient / np.sqrt(new_s), new_s
        if slip == "old s":
            return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), new_s
        if slip == "no root":
            return theta - learning_rate * gradient / (new_s + epsilon), new_s
        if slip == "returns old s":
            return theta - learning_rate * gradient / (np.sqrt(new_s) + epsilon), s
        if slip == "epsilon on the step":
            return theta - learning_rate * (gradient / np.sqrt(new_s) + epsilon), new_s
        if slip == "no epsilon":
            return theta - learning_rate * gradient / np.sqrt(new_s), new_s
        if slip == "epsilon squared inside":
            return theta - learning_rate * gradient / np.sqrt(new_s + epsilon ** 2), new_s
        if slip == "state ignored":
            fresh = (1 - rho) * gradient ** 2
            return theta - learning_rate * gradient / (np.sqrt(fresh) + epsilon), fresh
        if slip == "ascent":
            return theta + learning_rate * gradient / (np.sqrt(new_s) + epsilon), new_s
        if slip == "order":
            return new_s, theta - learning_rate * gradient / (np.sqrt(new_s) + epsilon)
        return theta - learning_rate * gradient / (np.sqrt(new_s) + epsilon), new_s
    return step


RMSPROP_CASES = [  # the case that separates the ε slips first
    Case((np.array([[0.31, -0.62, 0.47], [1.13, 0.0, -0.29]]), np.array([[1.0, -4.0, 0.0], [2e-9, -5e-9, 40.0]]),
          np.zeros((2, 3)), 0.001, 0.99, 1e-8),
         "the first step (s = 0) of a (2, 3) parameter, a gradient of 0 and some of the size of ε, ρ = 0.99, "
         "ε = 1e-8"),
    Case((np.array([1.0, -2.0, 0.5]), np.array([300.0, -0.002, 0.5]), np.array([9e4, 1e-5, 0.04]), 0.01, 0.9, 1e-8),
         "gradients 300, -0.002 and 0.5 with their averages s, η = 0.01, ρ = 0.9, ε = 1e-8"),
    Case((np.array([0.3, -0.7]), np.array([-3.0, 3.0]), np.array([9.0, 9.0]), 0.05, 0.8, 0.001),
         "gradients -3 and 3 after many steps of ±3 (s = 9), η = 0.05, ρ = 0.8, ε = 0.001"),
    Case((np.array([5.0, 5.0, 5.0, 5.0]), np.array([0.1, -0.01, 1e-4, 10.0]), np.array([0.5, 0.02, 4e-6, 1.0]),
          0.1, 0.95, 1e-3),
         "gradients from 10 down to 0.0001, η = 0.1, ρ = 0.95, ε = 0.001 (where ε matters)"),
]


@register
def rmsprop_step(answer):
    """Q2: ``rmsprop_step(theta, gradient, s, learning_rate, rho, epsilon)``: s ← ρs + (1 - ρ)g²,
    θ ← θ - ηg/(√s + ε); returns (θ, s)."""
    misconceptions = [
        Misconception("You averaged the gradients and squared the average. RMSProp averages the *squares*, "
                      "s ← ρs + (1 - ρ)g²: gradients of +3 and -3 average to 0, their squares to 9.",
                      _rmsprop_slip("average of g")),
        Misconception("You added g² to s: that is AdaGrad's sum, which only grows. RMSProp keeps a moving "
                      "average, s ← ρs + (1 - ρ)g².", _rmsprop_slip("sum")),
        Misconception("You swapped ρ and 1 - ρ: s keeps ρ of its old value and takes 1 - ρ of the new g², "
                      "s ← ρs + (1 - ρ)g².", _rmsprop_slip("swapped")),
        Misconception(EPSILON_INSIDE, _rmsprop_slip("epsilon inside")),
        Misconception(EPSILON_IN_SQUARE, _rmsprop_slip("epsilon in square")),
        Misconception("Your step divides by the old average: update s with this step's g² first, then divide "
                      "by √s + ε (at the first step the old s is 0).", _rmsprop_slip("old s")),
        Misconception("You divided by s, not by its square root. s averages *squared* gradients; √s is back in "
                      "the gradient's units, so that the step is about η whatever their scale.",
                      _rmsprop_slip("no root")),
        Misconception("Your step is right, but you returned the old s: return the updated average, so that the "
                      "next step starts from it.", _rmsprop_slip("returns old s")),
        Misconception(NO_EPSILON, _rmsprop_slip("epsilon on the step")),
        Misconception(NO_EPSILON, _rmsprop_slip("no epsilon")),
        Misconception(EPSILON_INSIDE, _rmsprop_slip("epsilon squared inside")),
        Misconception(STATE_IGNORED, _rmsprop_slip("state ignored")),
        Misconception("Your tuple is in the wrong order: return (new_theta, new_s).", _rmsprop_slip("order")),
        Misconception(UPHILL, _rmsprop_slip("ascent")),
        Misconception("Your step uses ρ = 0.9 whatever ρ it is given: use the argument `rho`.",
                      lambda theta, gradient, s, learning_rate, rho, epsilon: reference_rmsprop_step(
                          theta, gradient, s, learning_rate, 0.9, epsilon)),
    ]
    return check_function(answer, reference_rmsprop_step, RMSPROP_CASES, misconceptions)


# --- Question 3: Adam's step, with the bias correction ----------------------------------------------------

def reference_adam_step(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    """``nbtools.optimisers.Adam``'s step number t (1 for the first) from the averages m and v."""
    theta, gradient, m, v = _copies(theta, gradient, m, v)
    optimiser = optimisers.Adam(learning_rate, beta1, beta2, epsilon)
    optimiser.m, optimiser.v, optimiser.t = [m], [v], t - 1
    optimiser.step([theta], [gradient])
    return theta, m, v


def _adam_slip(slip):
    def step(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
        if slip == "betas swapped":
            beta1, beta2 = beta2, beta1
        m = beta1 * m + (1 - beta1) * gradient
        v = beta2 * v + (1 - beta2) * gradient ** 2
        if slip == "state ignored":
            m, v = (1 - beta1) * gradient, (1 - beta2) * gradient ** 2
        power = {"t - 1": t - 1, "t + 1": t + 1, "t ignored": 1}.get(slip, t)
        m_hat = m if slip in ("none", "v only") else m / (1 - beta1 ** power)
        v_hat = v if slip in ("none", "m only") else v / (1 - beta2 ** power)
        if slip == "power of 1 - beta":
            m_hat, v_hat = m / (1 - beta1) ** t, v / (1 - beta2) ** t
        if slip == "multiplied":
            m_hat, v_hat = m * (1 - beta1 ** t), v * (1 - beta2 ** t)
        if slip == "epsilon inside":
            return theta - learning_rate * m_hat / np.sqrt(v_hat + epsilon), m, v
        if slip == "epsilon squared inside":
            return theta - learning_rate * m_hat / np.sqrt(v_hat + epsilon ** 2), m, v
        if slip == "epsilon on the step":
            return theta - learning_rate * (m_hat / np.sqrt(v_hat) + epsilon), m, v
        if slip == "no epsilon":
            return theta - learning_rate * m_hat / np.sqrt(v_hat), m, v
        if slip == "epsilon unscaled":
            rate = learning_rate * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
            return theta - rate * m / (np.sqrt(v) + epsilon), m, v
        if slip == "ascent":
            return theta + learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v
        if slip == "corrected state":
            return theta - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m_hat, v_hat
        return theta - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v
    return step


def _adam_cases():
    rng = np.random.default_rng(11)
    scales = np.array([[200.0, 1.0, 0.003], [0.04, 5.0, 1e-4]])
    later_m, later_v = 0.5 * scales * rng.normal(size=(2, 3)), (scales * (1 + rng.random((2, 3)))) ** 2 * 0.3
    return [  # the case that separates the ε slips first, so that the first failing case names them
        Case((np.array([0.53, -1.47, 2.09, 0.0, 0.71]), np.array([2e-9, -6e-9, 1e-8, 4.0, 0.0]), np.zeros(5),
              np.zeros(5), 1, 0.01, 0.9, 0.999, 1e-8),
             "the first step, gradients of the size of ε = 1e-8 and one of 0"),
        Case((rng.normal(size=(2, 3)), scales * rng.normal(size=(2, 3)), np.zeros((2, 3)),
              np.zeros((2, 3)), 1, 0.03, 0.9, 0.999, 1e-8),
             "the first step (t = 1, m = v = 0) of a (2, 3) parameter, gradients from 200 to 0.0001, η = 0.03"),
        Case((np.ones((2, 3)), scales * rng.normal(size=(2, 3)), later_m, later_v, 3, 0.01, 0.9, 0.999, 1e-8),
             "step t = 3 of a (2, 3) parameter, gradients from 200 to 0.0001, η = 0.01"),
        Case((np.array([1.0, 2.0, 3.0]), np.array([0.5, -0.25, 3.0]), np.array([0.3, -0.1, 1.5]),
              np.array([0.2, 0.05, 6.0]), 40, 0.05, 0.8, 0.99, 0.01),
             "step t = 40, β₁ = 0.8, β₂ = 0.99, ε = 0.01"),
        Case((np.array([-1.0, 4.0]), np.array([1.0, -2.0]), np.array([0.06, -0.1]), np.array([0.002, 0.005]), 2,
              0.1, 0.9, 0.999, 1e-8), "the second step (t = 2), η = 0.1"),
    ]


@register
def adam_step(answer):
    """Q3: ``adam_step(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon)``: Adam's step t (from
    1) with the bias correction; returns (θ, m, v)."""
    misconceptions = [
        Misconception(NO_CORRECTION, _adam_slip("none")),
        Misconception(EXPONENT_OFF, _adam_slip("t - 1")),
        Misconception(EXPONENT_OFF, _adam_slip("t + 1")),
        Misconception("You corrected m but not v: v starts at 0 too, E[v_t] = (1 - β₂ᵗ)E[g²], so divide it by "
                      "1 - β₂ᵗ (without it the first step is about 30 times too long).", _adam_slip("m only")),
        Misconception("You corrected v but not m: m starts at 0 too, E[m_t] = (1 - β₁ᵗ)E[g], so divide it by "
                      "1 - β₁ᵗ.", _adam_slip("v only")),
        Misconception(EPSILON_INSIDE, _adam_slip("epsilon inside")),
        Misconception("You swapped β₁ and β₂: β₁ (0.9) averages the gradients, m; β₂ (0.999) their squares, v.",
                      _adam_slip("betas swapped")),
        Misconception("Your step is right, but you returned the corrected m̂ and v̂ as the new state. Keep m and v "
                      "themselves: the correction is recomputed from them at every step.",
                      _adam_slip("corrected state")),
        Misconception(POWER_OF_ONE_MINUS_BETA, _adam_slip("power of 1 - beta")),
        Misconception(CORRECTION_MULTIPLIED, _adam_slip("multiplied")),
        Misconception(T_IGNORED, _adam_slip("t ignored")),
        Misconception(EPSILON_INSIDE, _adam_slip("epsilon squared inside")),
        Misconception(ADAM_NO_EPSILON, _adam_slip("epsilon on the step")),
        Misconception(ADAM_NO_EPSILON, _adam_slip("no epsilon")),
        Misconception(EPSILON_UNSCALED, _adam_slip("epsilon unscaled")),
        Misconception(UPHILL, _adam_slip("ascent")),
        Misconception("Your step uses the default β₁ = 0.9, β₂ = 0.999 and ε = 1e-8 whatever it is given: use the "
                      "arguments `beta1`, `beta2` and `epsilon`.",
                      lambda theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon: reference_adam_step(
                          theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)),
        Misconception(STATE_IGNORED.replace("ρ of the old value (β for Adam)", "β times the old value"),
                      _adam_slip("state ignored")),
    ]
    return check_function(answer, reference_adam_step, _adam_cases(), misconceptions)


# --- Question 4: AdamW's decoupled decay ------------------------------------------------------------------

def reference_adamw_step(theta, gradient, m, v, t, learning_rate, weight_decay):
    """``nbtools.optimisers.AdamW``'s step t: θ ← θ - ηλθ, then Adam's step on the gradient (default β, ε)."""
    theta, gradient, m, v = _copies(theta, gradient, m, v)
    optimiser = optimisers.AdamW(learning_rate, weight_decay=weight_decay)
    optimiser.m, optimiser.v, optimiser.t = [m], [v], t - 1
    optimiser.step([theta], [gradient])
    return theta, m, v


def _adamw_slip(slip):
    adam = _adam_slip("")

    def step(theta, gradient, m, v, t, learning_rate, weight_decay):
        def plain(theta, gradient):
            return adam(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)
        if slip == "l2":
            return plain(theta, gradient + weight_decay * theta)
        if slip == "both":
            return plain(theta - learning_rate * weight_decay * theta, gradient + weight_decay * theta)
        if slip == "no rate":
            return plain(theta - weight_decay * theta, gradient)
        if slip == "after":
            stepped, m_new, v_new = plain(theta, gradient)
            return stepped - learning_rate * weight_decay * stepped, m_new, v_new
        if slip == "none":
            return plain(theta, gradient)
        if slip == "ascent":
            return _adam_slip("ascent")(theta - learning_rate * weight_decay * theta, gradient, m, v, t,
                                        learning_rate, 0.9, 0.999, 1e-8)
        if slip == "rate only":
            return plain(theta - learning_rate * theta, gradient)
        if slip == "t ignored":
            return adam(theta - learning_rate * weight_decay * theta, gradient, m, v, 1, learning_rate, 0.9, 0.999,
                        1e-8)
        return plain(theta + learning_rate * weight_decay * theta, gradient)            # "grows"
    return step


def _adamw_cases():
    rng = np.random.default_rng(12)
    scales = np.array([0.001, 0.01, 1.0, 100.0])
    return [
        Case((np.array([2.0, -1.0, 0.5, 3.0]), scales * rng.normal(size=4), np.zeros(4), np.zeros(4), 1, 0.01, 0.1),
             "the first step (t = 1), gradients from 0.001 to 100, η = 0.01, λ = 0.1"),
        Case((np.array([[1.0, -2.0], [0.5, 4.0]]), np.array([[0.02, -30.0], [1e-3, 2.0]]),
              np.array([[0.01, -10.0], [0.0, 1.0]]), np.array([[4e-4, 800.0], [1e-6, 3.0]]), 5, 0.05, 0.5),
             "step t = 5 of a (2, 2) parameter, η = 0.05, λ = 0.5"),
        Case((np.array([1.0, 1.0, -1.0]), np.array([0.5, -8.0, 0.01]), np.array([0.1, -1.0, 0.0]),
              np.array([0.05, 6.0, 1e-5]), 30, 0.1, 2.0), "step t = 30, η = 0.1, λ = 2"),
    ]


@register
def adamw_step(answer):
    """Q4: ``adamw_step(theta, gradient, m, v, t, learning_rate, weight_decay)``: θ ← θ - ηλθ, then Adam's step
    t on the gradient (β₁ = 0.9, β₂ = 0.999, ε = 1e-8); returns (θ, m, v)."""
    misconceptions = [
        Misconception(L2_IN_ADAM, _adamw_slip("l2")),
        Misconception("You decayed θ twice: once outside the gradient (AdamW's decay) and once as L2 inside it. "
                      "AdamW's gradient is the loss's alone.", _adamw_slip("both")),
        Misconception("Your decay leaves out the learning rate: AdamW shrinks θ by ηλθ a step (θ ← (1 - ηλ)θ), "
                      "not by λθ.", _adamw_slip("no rate")),
        Misconception("You decayed θ after Adam's step, so the decay shrank the step too. Decay θ first, "
                      "θ ← θ - ηλθ, then take Adam's step from there.", _adamw_slip("after")),
        Misconception("Your step has no weight decay: AdamW shrinks θ by ηλθ before Adam's step.",
                      _adamw_slip("none")),
        Misconception("Your decay pushes θ away from 0: θ ← θ - ηλθ shrinks it.", _adamw_slip("grows")),
        Misconception("Your decay leaves out the weight decay λ: AdamW shrinks θ by ηλθ a step, the learning rate "
                      "*times* λ.", _adamw_slip("rate only")),
        Misconception(T_IGNORED, _adamw_slip("t ignored")),
        Misconception(UPHILL, _adamw_slip("ascent")),
    ]
    return check_function(answer, reference_adamw_step, _adamw_cases(), misconceptions)


# --- Question 5: warm-up, then a cosine --------------------------------------------------------------------

def reference_warm_up_cosine(t, peak, warm_up_steps, total):
    return float(optimisers.warm_up_cosine(t, peak, warm_up_steps, total))


def _cosine(t, peak, total):
    return peak * (1 + np.cos(np.pi * t / total)) / 2


def _schedule_slip(slip):
    def rate(t, peak, W, T):
        if slip == "from zero" and t < W:
            return peak * t / W
        if slip == "past the peak" and t <= W:
            return peak * (t + 1) / W
        if slip == "warm-up floor" and t < W:
            return peak * ((t + 1) // W)
        if slip == "below the peak" and t < W:
            return peak * (t + 1) / (W + 1)
        if t < W:
            return peak * (t + 1) / W
        return {"from t": _cosine(t, peak, T), "over total": _cosine(t - W, peak, T),
                "one step on": _cosine(t - W + 1, peak, T - W),
                "one step on, one longer": _cosine(t - W + 1, peak, T - W + 1),
                "ends a step early": _cosine(t - W, peak, T - W - 1),
                "no half": peak * np.cos(np.pi * (t - W) / (T - W)),
                "floor": _cosine((t - W) // (T - W), peak, 1),
                "linear": peak * (1 - (t - W) / (T - W))}.get(slip, _cosine(t - W, peak, T - W))
    return rate


SCHEDULE_CASES = [Case((t, peak, W, T), f"t = {t}, peak = {peak}, warm_up_steps = {W}, total = {T}")
                  for t, peak, W, T in [(3, 0.1, 5, 25), (0, 0.1, 5, 25),
                                        (1, 0.1, 5, 25), (4, 0.1, 5, 25), (5, 0.1, 5, 25),
                                        (6, 0.1, 5, 25), (15, 0.1, 5, 25), (24, 0.1, 5, 25), (0, 0.003, 100, 1000),
                                        (99, 0.003, 100, 1000), (100, 0.003, 100, 1000),
                                        (730, 0.003, 100, 1000), (999, 0.003, 100, 1000), (0, 0.5, 0, 10),
                                        (3, 0.5, 0, 10)]]


@register
def warm_up_cosine_rate(answer):
    """Q5: ``warm_up_cosine(t, peak, warm_up_steps, total)``: peak (t + 1)/W for t < W, then half a cosine from
    the peak at t = W to 0 at t = total."""
    misconceptions = [
        Misconception("Your warm-up starts at 0: peak · t/W gives the first step (t = 0) a rate of 0, which wastes "
                      "it, and reaches the peak one step late. Use peak · (t + 1)/W.", _schedule_slip("from zero")),
        Misconception("At t = W your rate is above the peak: the warm-up covers t = 0 to W - 1 (t < W), and the "
                      "cosine starts at the peak at t = W.", _schedule_slip("past the peak")),
        Misconception("Your cosine counts from t = 0, not from the end of the warm-up: after W steps it has "
                      "already decayed. Use t - W, over the remaining total - W steps.", _schedule_slip("from t")),
        Misconception("Your cosine runs over `total` steps from the end of the warm-up, so it ends W steps too "
                      "late: it has total - W steps, cos(π(t - W)/(total - W)).", _schedule_slip("over total")),
        Misconception("Your cosine is one step off: at t = W it should be exactly at the peak, "
                      "(1 + cos 0)/2 = 1, so use t - W (not t - W + 1).", _schedule_slip("one step on")),
        Misconception("Your cosine is one step off: at t = W it should be exactly at the peak, "
                      "(1 + cos 0)/2 = 1, so use t - W (not t - W + 1).", _schedule_slip("one step on, one longer")),
        Misconception("Your cosine is one step off at the end: it reaches 0 at t = total (cos(π) = -1), dividing "
                      "by total - W, not total - W - 1.", _schedule_slip("ends a step early")),
        Misconception("Your cosine goes negative: the schedule is peak · (1 + cos(π(t - W)/(total - W)))/2, "
                      "half a cosine shifted up, from the peak to 0.", _schedule_slip("no half")),
        Misconception("Your cosine stays at the peak: `(t - W) // (total - W)` is an integer division, 0 until "
                      "the end. Use `/` for the fraction of the decay done.", _schedule_slip("floor")),
        Misconception("Your decay is a straight line from the peak to 0. The question asks for half a cosine, "
                      "which stays near the peak longer and lands softly.", _schedule_slip("linear")),
        Misconception("Your warm-up is 0 until its last step: `(t + 1) // W` is an integer division, 0 while "
                      "t + 1 < W. Use `/`.", _schedule_slip("warm-up floor")),
        Misconception("Your warm-up never reaches the peak: (t + 1)/(W + 1) stops below 1 at t = W - 1. Divide by "
                      "W, so that the last warm-up step is at the peak.", _schedule_slip("below the peak")),
    ]
    return check_function(answer, reference_warm_up_cosine, SCHEDULE_CASES, misconceptions)


# --- Question 6: momentum's stability limit ------------------------------------------------------------------

@register
def momentum_rate_limit(answer):
    """Q6: momentum with α = 0.75 on L = θᵀHθ/2, H = [[5, 3], [3, 13]] (eigenvalues 4 and 14): the largest
    stable rate, 2(1 + α)/λ_max = 3.5/14 = 0.25."""
    misconceptions = [
        Misconception("That is plain gradient descent's limit, 2/λ_max. Momentum's is 2(1 + α)/λ_max: the "
                      "velocity lets it stay stable at larger rates.", 2 / 14),
        Misconception("You used the smallest curvature, 4. The steepest direction diverges first: use the "
                      "largest eigenvalue of H.", 3.5 / 4),
        Misconception("13 is H's largest diagonal entry, not its largest eigenvalue: H is not diagonal, so "
                      "compute its eigenvalues (`np.linalg.eigvalsh`).", 3.5 / 13),
        Misconception("18 is the sum of H's eigenvalues (its trace). The limit uses the largest one alone.",
                      3.5 / 18),
        Misconception("The limit is 2(1 + α)/λ_max: the factor 2 is missing.", 1.75 / 14),
        Misconception("That is 2(1 - α)/λ_max. Momentum raises the limit: 2(1 + α)/λ_max.", 0.5 / 14),
        Misconception("That is Nesterov's limit, 2(1 + α)/((1 + 2α)λ_max). The question asks about momentum.",
                      3.5 / (2.5 * 14)),
        Misconception("That uses α = 0.9, the lesson's momentum. This question's is α = 0.75.", 3.8 / 14),
        Misconception("9 is the average of H's eigenvalues. The steepest direction diverges first: use the "
                      "largest eigenvalue alone.", 3.5 / 9),
        Misconception("That divides by H's Frobenius norm (`np.linalg.norm(H)`), which is larger than its largest "
                      "eigenvalue when H has more than one direction. Use the eigenvalues "
                      "(`np.linalg.eigvalsh`).", 3.5 / np.sqrt(212)),
        Misconception("That is 1/λ_max, the rate that takes plain descent to the minimum of the steepest "
                      "direction in one step. The question asks where momentum stops converging.", 1 / 14),
    ]
    return check_value(answer, 0.25, misconceptions)


# --- Question 7: Adam's first steps ------------------------------------------------------------------------

FIRST_GRADIENTS = np.array([250.0, -0.004, 3e-9])


def _first_change(learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8, correct_m=True, correct_v=True,
                  inside=False, squared_inside=False):
    g = FIRST_GRADIENTS
    m, v = (1 - beta1) * g, (1 - beta2) * g ** 2
    m_hat, v_hat = m / (1 - beta1) if correct_m else m, v / (1 - beta2) if correct_v else v
    if squared_inside:
        return -learning_rate * m_hat / np.sqrt(v_hat + epsilon ** 2)
    return -learning_rate * m_hat / (np.sqrt(v_hat + epsilon) if inside else np.sqrt(v_hat) + epsilon)


@register
def adam_first_steps(answer):
    """Q7: the change of three parameters at Adam's first step (η = 0.01, defaults) for gradients 250, -0.004
    and 3e-9: -ηg/(|g| + ε), to 4 significant digits."""
    misconceptions = [
        Misconception("Your first steps are about 3.16 times η: that is Adam without the bias correction, "
                      "η(1 - β₁)/√(1 - β₂). With it, the first step's m̂ is g itself and v̂ is g².",
                      _first_change(correct_m=False, correct_v=False)),
        Misconception("The third gradient, 3e-9, is smaller than ε = 1e-8, so ε is not negligible next to "
                      "√v̂ = |g| there: that step is well short of η.", -0.01 * np.sign(FIRST_GRADIENTS)),
        Misconception(EPSILON_INSIDE, _first_change(inside=True)),
        Misconception(EPSILON_INSIDE, _first_change(squared_inside=True)),
        Misconception("Those are SGD's steps, -ηg, proportional to the gradient. Adam divides by √v̂ = |g| at the "
                      "first step, so each step is about η whatever the gradient's scale.",
                      -0.01 * FIRST_GRADIENTS),
        Misconception("The sign: Adam steps against the gradient, so a positive gradient gives a negative "
                      "change.", -_first_change()),
        Misconception("You corrected v but not m: m₁ = (1 - β₁)g is a tenth of g, and m̂₁ = m₁/(1 - β₁) = g.",
                      _first_change(correct_m=False)),
        Misconception("You corrected m but not v: v₁ = (1 - β₂)g², and v̂₁ = v₁/(1 - β₂) = g².",
                      _first_change(correct_v=False)),
        Misconception(EPSILON_UNSCALED, -0.01 * np.sqrt(0.001) / 0.1 * 0.1 * FIRST_GRADIENTS
                      / (np.sqrt(0.001) * np.abs(FIRST_GRADIENTS) + 1e-8)),
        Misconception("Those are the sizes of the changes without their signs. Give each change its sign: a "
                      "parameter moves against its gradient.", np.abs(_first_change())),
    ]
    return check_value(answer, _first_change(), misconceptions, digits=4)


# --- Question 8: the expectation of v_t, symbolically --------------------------------------------------------

def _moment_symbols():
    beta2 = sympy.Symbol("beta_2", positive=True)
    t = sympy.Symbol("t", positive=True, integer=True)
    return beta2, t, sympy.Symbol("E[g^2]", positive=True)


@register
def expected_second_moment(answer):
    """Q8: E[v_t] for v_t = β₂v_(t-1) + (1 - β₂)g_t², v₀ = 0, stationary E[g²]: (1 - β₂ᵗ)E[g²]."""
    beta2, t, mean_square = _moment_symbols()
    misconceptions = [
        Misconception("That is E[g²] itself: the average would be unbiased only if it had not started at 0. "
                      "Sum (1 - β₂)β₂^(t-i)E[g²] over i = 1..t.", mean_square),
        Misconception("Your exponent is one step off: the sum has t terms, i = 1 to t, with weights from "
                      "(1 - β₂)β₂^(t-1) for the first gradient to (1 - β₂)β₂⁰ for the last.",
                      (1 - beta2 ** (t - 1)) * mean_square),
        Misconception("Your exponent is one step off: the sum has t terms, i = 1 to t (not 0 to t): v₀ = 0 "
                      "contributes nothing.", (1 - beta2 ** (t + 1)) * mean_square),
        Misconception("That is the part the zero start leaves *out*, not the expectation itself: the weights "
                      "(1 - β₂)β₂^(t-i) sum to less than 1 by exactly this much.", beta2 ** t * mean_square),
        Misconception("You left out each term's weight 1 - β₂: the unrolled average is "
                      "Σ (1 - β₂)β₂^(t-i) g_i², and the geometric sum alone is 1/(1 - β₂) times too large.",
                      (1 - beta2 ** t) / (1 - beta2) * mean_square),
        Misconception(POWER_OF_ONE_MINUS_BETA.replace("The correction divides by 1 - βᵗ, one minus β to the power t "
                                                      "(`1 - beta ** t`).", "The geometric sum gives a power of "
                                                      "β₂ itself (`1 - beta2 ** t`)."),
                      (1 - (1 - beta2) ** t) * mean_square),
        Misconception("That is E[g²] divided by the factor, what the bias correction turns v_t into. The question "
                      "asks for E[v_t] itself, the biased average before any correction.",
                      mean_square / (1 - beta2 ** t)),
        Misconception("That is the first step's value, (1 - β₂)E[g²]: sum the weights (1 - β₂)β₂^(t-i) over all "
                      "t steps.", (1 - beta2) * mean_square),
        Misconception("That is the correction factor alone: every term of the sum carries E[g²] too.",
                      1 - beta2 ** t),
    ]
    return check_value(answer, (1 - beta2 ** t) * mean_square, misconceptions)


# --- Question 9: the uncorrected step, symbolically ----------------------------------------------------------

def _step_symbols():
    eta, beta1, beta2 = sympy.symbols("eta beta_1 beta_2", positive=True)
    return eta, beta1, beta2, sympy.Symbol("t", positive=True, integer=True), sympy.Symbol("g", positive=True)


@register
def uncorrected_step_length(answer):
    """Q9: the length of step t of Adam without the bias correction (ε = 0) on a constant gradient g > 0:
    η(1 - β₁ᵗ)/√(1 - β₂ᵗ)."""
    eta, beta1, beta2, t, g = _step_symbols()
    misconceptions = [
        Misconception("That is the step *with* the bias correction: m̂/√v̂ = g/g. Without it the step divides "
                      "m_t by √v_t as they are, each still short by its factor from the zero start.", eta),
        Misconception("That is the first step's length, t = 1. At step t, m_t and v_t are sums of t weighted "
                      "gradients, so β₁ and β₂ appear to the power t.", eta * (1 - beta1) / sympy.sqrt(1 - beta2)),
        Misconception("The square root is missing: the step divides by √v_t, not v_t.",
                      eta * (1 - beta1 ** t) / (1 - beta2 ** t)),
        Misconception("Upside down: the step is η m_t/√v_t, m_t above the line.",
                      eta * sympy.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)),
        Misconception("The gradient cancels: m_t carries one factor g, and √v_t = √(… g²) another.",
                      eta * g * (1 - beta1 ** t) / sympy.sqrt(1 - beta2 ** t)),
        Misconception("Your square root covers m_t's factor too: only v_t is under the root, m_t is not.",
                      eta * sympy.sqrt((1 - beta1 ** t) / (1 - beta2 ** t))),
        Misconception(POWER_OF_ONE_MINUS_BETA.replace("The correction divides by 1 - βᵗ, one minus β to the power t "
                                                      "(`1 - beta ** t`).", "The sum of t weights (1 - β)β^(t-i) "
                                                      "is one minus a power of β itself."),
                      eta * (1 - (1 - beta1) ** t) / sympy.sqrt(1 - (1 - beta2) ** t)),
        Misconception("Your exponents are one step off: after t steps the averages have summed t gradients, "
                      "i = 1 to t, so the powers are β₁ᵗ and β₂ᵗ.",
                      eta * (1 - beta1 ** (t - 1)) / sympy.sqrt(1 - beta2 ** (t - 1))),
        Misconception("You swapped β₁ and β₂: m, the average of the gradients, has β₁; v, of their squares, β₂.",
                      eta * (1 - beta2 ** t) / sympy.sqrt(1 - beta1 ** t)),
    ]
    return check_value(answer, eta * (1 - beta1 ** t) / sympy.sqrt(1 - beta2 ** t), misconceptions)
