"""Exercise 11, optimisers past momentum: wrong answers a learner writes, and right ones in other forms."""

import math

import numpy as np
import sympy
import torch

from mutations import EXAMPLE_ONLY, IGNORES_INPUT, MISCONCEPTION, UNSAFE, Right, Wrong

# --- Question 1 --------------------------------------------------------------------------------------


def nesterov_right(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - learning_rate * gradient(theta + alpha * velocity)
    return theta + velocity, velocity


def nesterov_through_phi(theta, velocity, gradient, learning_rate, alpha):
    """The libraries' form in phi = theta + alpha v, converted back to theta at the end."""
    phi = theta + alpha * velocity
    g = gradient(phi)
    new_velocity = alpha * velocity - learning_rate * g
    phi = phi + alpha * new_velocity - learning_rate * g
    return phi - alpha * new_velocity, new_velocity


def nesterov_lists(theta, velocity, gradient, learning_rate, alpha):
    ahead = np.add(theta, np.multiply(alpha, velocity))
    step = np.subtract(np.multiply(alpha, velocity), np.multiply(learning_rate, gradient(ahead)))
    return [np.add(theta, step), step]


def nesterov_at_theta(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - learning_rate * gradient(theta)
    return theta + velocity, velocity


def nesterov_at_theta_plus_v(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - learning_rate * gradient(theta + velocity)
    return theta + velocity, velocity


def nesterov_library_form(theta, velocity, gradient, learning_rate, alpha):
    g = gradient(theta)
    velocity = alpha * velocity - learning_rate * g
    return theta + alpha * velocity - learning_rate * g, velocity


def nesterov_old_velocity(theta, velocity, gradient, learning_rate, alpha):
    new_velocity = alpha * velocity - learning_rate * gradient(theta + alpha * velocity)
    return theta + velocity, new_velocity


def nesterov_in_place(theta, velocity, gradient, learning_rate, alpha):
    velocity *= alpha
    velocity -= learning_rate * gradient(theta + velocity)
    theta += velocity
    return theta, velocity


def nesterov_fixed_alpha(theta, velocity, gradient, learning_rate, alpha):
    velocity = 0.9 * velocity - learning_rate * gradient(theta + 0.9 * velocity)
    return theta + velocity, velocity


# --- Question 2 --------------------------------------------------------------------------------------

def rmsprop_right(theta, gradient, s, learning_rate, rho, epsilon):
    s = rho * s + (1 - rho) * gradient ** 2
    return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), s


def rmsprop_interpolated(theta, gradient, s, learning_rate, rho, epsilon):
    s = s + (1 - rho) * (gradient * gradient - s)              # the same average, as an interpolation
    return theta - learning_rate * gradient / (s ** 0.5 + epsilon), s


def rmsprop_torch(theta, gradient, s, learning_rate, rho, epsilon):
    theta, gradient, s = (torch.tensor(a, dtype=torch.float64) for a in (theta, gradient, s))
    s = s.mul(rho).addcmul(gradient, gradient, value=1 - rho)
    return (theta - learning_rate * gradient / (s.sqrt() + epsilon)).numpy(), s.numpy()


def rmsprop_square_of_average(theta, gradient, s, learning_rate, rho, epsilon):
    average = rho * s + (1 - rho) * gradient
    return theta - learning_rate * gradient / (np.sqrt(average ** 2) + epsilon), average


def rmsprop_adagrad_sum(theta, gradient, s, learning_rate, rho, epsilon):
    s = s + gradient ** 2
    return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), s


def rmsprop_rho_swapped(theta, gradient, s, learning_rate, rho, epsilon):
    s = (1 - rho) * s + rho * gradient ** 2
    return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), s


def rmsprop_epsilon_inside(theta, gradient, s, learning_rate, rho, epsilon):
    s = rho * s + (1 - rho) * gradient ** 2
    return theta - learning_rate * gradient / np.sqrt(s + epsilon), s


def rmsprop_epsilon_in_square(theta, gradient, s, learning_rate, rho, epsilon):
    s = rho * s + (1 - rho) * (gradient ** 2 + epsilon)
    return theta - learning_rate * gradient / np.sqrt(s), s


def rmsprop_no_epsilon(theta, gradient, s, learning_rate, rho, epsilon):
    s = rho * s + (1 - rho) * gradient ** 2
    return theta - learning_rate * gradient / np.sqrt(s), s            # 0/0 where a gradient is 0


def rmsprop_fixed_rho(theta, gradient, s, learning_rate, rho, epsilon):
    s = 0.9 * s + 0.1 * gradient ** 2
    return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), s


# --- Question 3 --------------------------------------------------------------------------------------

def adam_right(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_kingma_rate(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    """The paper's efficient form: both corrections folded into the rate, epsilon scaled to match."""
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    rate = learning_rate * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return theta - rate * m / (np.sqrt(v) + epsilon * math.sqrt(1 - beta2 ** t)), m, v


def torch_step(make, theta, gradient, m, v, t):
    """One step of the PyTorch optimiser ``make([parameter])``, its state set to m, v and t - 1 steps taken."""
    parameter = torch.nn.Parameter(torch.tensor(theta, dtype=torch.float64))
    optimiser = make([parameter])
    parameter.grad = torch.tensor(gradient, dtype=torch.float64)
    optimiser.state[parameter] = {"step": torch.tensor(float(t - 1)),
                                  "exp_avg": torch.tensor(m, dtype=torch.float64),
                                  "exp_avg_sq": torch.tensor(v, dtype=torch.float64)}
    optimiser.step()
    state = optimiser.state[parameter]
    return parameter.detach().numpy(), state["exp_avg"].numpy(), state["exp_avg_sq"].numpy()


def adam_torch(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    """PyTorch's own Adam."""
    return torch_step(lambda parameters: torch.optim.Adam(parameters, lr=learning_rate, betas=(beta1, beta2),
                                                          eps=epsilon), theta, gradient, m, v, t)


def adam_uncorrected(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    return theta - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def adam_t_from_zero(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    step = t - 1                                                  # "my counter starts at 0"
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    m_hat, v_hat = m / (1 - beta1 ** step), v / (1 - beta2 ** step)
    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_only_m_corrected(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    return theta - learning_rate * m / (1 - beta1 ** t) / (np.sqrt(v) + epsilon), m, v


def adam_epsilon_inside(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return theta - learning_rate * m_hat / np.sqrt(v_hat + epsilon), m, v


def adam_returns_corrected(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = (beta1 * m + (1 - beta1) * gradient) / (1 - beta1 ** t)
    v = (beta2 * v + (1 - beta2) * gradient ** 2) / (1 - beta2 ** t)
    return theta - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def adam_default_betas(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    return adam_right(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


# --- Question 4 --------------------------------------------------------------------------------------

def adamw_right(theta, gradient, m, v, t, learning_rate, weight_decay):
    theta = theta - learning_rate * weight_decay * theta
    return adam_right(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


def adamw_paper_form(theta, gradient, m, v, t, learning_rate, weight_decay):
    """Loshchilov and Hutter's line: theta - eta (m_hat / (sqrt(v_hat) + eps) + lambda theta)."""
    stepped, m, v = adam_right(theta, gradient, m, v, t, 1.0, 0.9, 0.999, 1e-8)
    direction = theta - stepped
    return theta - learning_rate * (direction + weight_decay * theta), m, v


def adamw_torch(theta, gradient, m, v, t, learning_rate, weight_decay):
    return torch_step(lambda parameters: torch.optim.AdamW(parameters, lr=learning_rate, weight_decay=weight_decay),
                      theta, gradient, m, v, t)


def adamw_l2_in_gradient(theta, gradient, m, v, t, learning_rate, weight_decay):
    return adam_right(theta, gradient + weight_decay * theta, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


def adamw_decay_without_rate(theta, gradient, m, v, t, learning_rate, weight_decay):
    return adam_right(theta * (1 - weight_decay), gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


def adamw_decay_after(theta, gradient, m, v, t, learning_rate, weight_decay):
    theta, m, v = adam_right(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)
    return theta * (1 - learning_rate * weight_decay), m, v


def adamw_twice(theta, gradient, m, v, t, learning_rate, weight_decay):
    decayed = theta - learning_rate * weight_decay * theta
    return adam_right(decayed, gradient + weight_decay * theta, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


def adamw_no_decay(theta, gradient, m, v, t, learning_rate, weight_decay):
    return adam_right(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


def adamw_uncorrected(theta, gradient, m, v, t, learning_rate, weight_decay):
    theta = theta - learning_rate * weight_decay * theta
    return adam_uncorrected(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


# --- Question 5 --------------------------------------------------------------------------------------

def schedule_right(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return peak * (1 + np.cos(np.pi * (t - warm_up_steps) / (total - warm_up_steps))) / 2


def schedule_min_and_cos_squared(t, peak, warm_up_steps, total):
    """(1 + cos x)/2 = cos(x/2)^2, and the warm-up as a min."""
    if t >= warm_up_steps:
        return peak * math.cos(math.pi * (t - warm_up_steps) / (2 * (total - warm_up_steps))) ** 2
    return min(peak, peak * (t + 1) / warm_up_steps)


def schedule_table(t, peak, warm_up_steps, total):
    """Every rate computed once with NumPy, then the one of step t."""
    steps = np.arange(total)
    warm = peak * (steps + 1) / warm_up_steps
    cosine = peak / 2 * (1 + np.cos(np.pi * (steps - warm_up_steps) / (total - warm_up_steps)))
    return float(np.where(steps < warm_up_steps, warm, cosine)[t])


def schedule_from_zero(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * t / warm_up_steps
    return schedule_right(t, peak, warm_up_steps, total)


def schedule_cosine_from_t(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return peak * (1 + np.cos(np.pi * t / total)) / 2


def schedule_cosine_over_total(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return peak * (1 + np.cos(np.pi * (t - warm_up_steps) / total)) / 2


def schedule_cosine_one_step_on(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return peak * (1 + np.cos(np.pi * (t - warm_up_steps + 1) / (total - warm_up_steps))) / 2


def schedule_no_half(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return peak * np.cos(np.pi * (t - warm_up_steps) / (total - warm_up_steps))


def schedule_integer_division(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * ((t + 1) // warm_up_steps)
    return schedule_right(t, peak, warm_up_steps, total)


def schedule_fixed_warm_up(t, peak, warm_up_steps, total):
    return schedule_right(t, peak, 5, total)                     # the first case's five steps


# --- Question 7 --------------------------------------------------------------------------------------

FIRST = np.array([250.0, -0.004, 3e-9])


def torch_first_changes():
    """The changes PyTorch's Adam makes at its first step, from 0."""
    parameter = torch.nn.Parameter(torch.zeros(3, dtype=torch.float64))
    parameter.grad = torch.tensor(FIRST, dtype=torch.float64)
    torch.optim.Adam([parameter], lr=0.01).step()
    return parameter.detach().numpy()


# --- Questions 8 and 9 -----------------------------------------------------------------------------

beta1, beta2, eta = sympy.symbols("beta_1 beta_2 eta", positive=True)
t = sympy.Symbol("t", positive=True, integer=True)
i = sympy.Symbol("i", positive=True, integer=True)
g = sympy.Symbol("g", positive=True)
mean_square = sympy.Symbol("E[g^2]", positive=True)

TABLE = {
    "nesterov_step": ([
        Wrong("the gradient at theta (plain momentum)", nesterov_at_theta, (MISCONCEPTION,), "plain momentum"),
        Wrong("look-ahead at theta + v", nesterov_at_theta_plus_v, (MISCONCEPTION,), "look-ahead point is θ + v"),
        Wrong("the libraries' phi form taken for theta", nesterov_library_form, (MISCONCEPTION,),
              "the libraries' form"),
        Wrong("theta moved by the old velocity", nesterov_old_velocity, (MISCONCEPTION,), "old velocity"),
        Wrong("alpha fixed at 0.9", nesterov_fixed_alpha, (IGNORES_INPUT, EXAMPLE_ONLY)),
        Wrong("the right step, but the caller's arrays changed in place", nesterov_in_place, ()),
    ], [
        Right("as defined", nesterov_right),
        Right("through the look-ahead point phi", nesterov_through_phi),
        Right("np.add and friends, a list", nesterov_lists),
    ]),
    "rmsprop_step": ([
        Wrong("the square of the average gradient", rmsprop_square_of_average, (MISCONCEPTION,),
              "squared the average"),
        Wrong("AdaGrad's sum", rmsprop_adagrad_sum, (MISCONCEPTION,), "AdaGrad's sum"),
        Wrong("rho and 1 - rho swapped", rmsprop_rho_swapped, (MISCONCEPTION,), "swapped ρ and 1 - ρ"),
        Wrong("epsilon inside the square root", rmsprop_epsilon_inside, (MISCONCEPTION,), "inside the square root"),
        Wrong("epsilon added to the squared gradient", rmsprop_epsilon_in_square, (MISCONCEPTION,),
              "added ε to the squared gradient"),
        Wrong("no epsilon (0/0 at a zero gradient)", rmsprop_no_epsilon, (UNSAFE, IGNORES_INPUT)),
        Wrong("rho fixed at 0.9", rmsprop_fixed_rho, (IGNORES_INPUT, EXAMPLE_ONLY)),
    ], [
        Right("as written", rmsprop_right),
        Right("an interpolation, s ** 0.5", rmsprop_interpolated),
        Right("PyTorch's addcmul", rmsprop_torch),
    ]),
    "adam_step": ([
        Wrong("no bias correction", adam_uncorrected, (MISCONCEPTION,), "leaves out the bias correction"),
        Wrong("t counted from 0 (divides by 0 at the first step)", adam_t_from_zero, (MISCONCEPTION, UNSAFE),
              "one step off"),
        Wrong("only m corrected", adam_only_m_corrected, (MISCONCEPTION,), "corrected m but not v"),
        Wrong("epsilon inside the square root", adam_epsilon_inside, (MISCONCEPTION,), "inside the square root"),
        Wrong("the corrected averages returned as the state", adam_returns_corrected, (MISCONCEPTION,),
              "returned the corrected"),
        Wrong("the default betas and epsilon, whatever is given", adam_default_betas, (IGNORES_INPUT, EXAMPLE_ONLY)),
    ], [
        Right("as written", adam_right),
        Right("the paper's form, the corrections folded into the rate", adam_kingma_rate),
        Right("torch.optim.Adam with its state set", adam_torch),
    ]),
    "adamw_step": ([
        Wrong("L2 in Adam's gradient", adamw_l2_in_gradient, (MISCONCEPTION,), "L2 in Adam"),
        Wrong("the decay without the learning rate", adamw_decay_without_rate, (MISCONCEPTION,),
              "leaves out the learning rate"),
        Wrong("the decay after the step", adamw_decay_after, (MISCONCEPTION,), "after Adam's step"),
        Wrong("decayed twice, outside and as L2", adamw_twice, (MISCONCEPTION,), "decayed θ twice"),
        Wrong("weight_decay ignored", adamw_no_decay, (IGNORES_INPUT,), "no weight decay"),
        Wrong("Adam without its correction", adamw_uncorrected, ()),
    ], [
        Right("decay, then Adam", adamw_right),
        Right("the paper's single line", adamw_paper_form),
        Right("torch.optim.AdamW with its state set", adamw_torch),
    ]),
    "warm_up_cosine_rate": ([
        Wrong("a warm-up from 0", schedule_from_zero, (MISCONCEPTION,), "warm-up starts at 0"),
        Wrong("the cosine counted from t", schedule_cosine_from_t, (MISCONCEPTION,), "counts from t = 0"),
        Wrong("the cosine over total steps", schedule_cosine_over_total, (MISCONCEPTION,), "ends W steps too late"),
        Wrong("the cosine one step on", schedule_cosine_one_step_on, (MISCONCEPTION,), "one step off"),
        Wrong("no (1 + cos)/2", schedule_no_half, (MISCONCEPTION,), "goes negative"),
        Wrong("integer division in the warm-up", schedule_integer_division, ()),
        Wrong("a warm-up of 5 steps always", schedule_fixed_warm_up, (IGNORES_INPUT, EXAMPLE_ONLY)),
    ], [
        Right("as written", schedule_right),
        Right("a min and cos² of the half angle", schedule_min_and_cos_squared),
        Right("a NumPy table of every step", schedule_table),
    ]),
    "momentum_rate_limit": ([
        Wrong("plain descent's 2/lambda_max", 2 / 14, (MISCONCEPTION,), "plain gradient descent's limit"),
        Wrong("the smallest eigenvalue", 3.5 / 4, (MISCONCEPTION,), "smallest curvature"),
        Wrong("the largest diagonal entry", 3.5 / 13, (MISCONCEPTION,), "largest diagonal entry"),
        Wrong("Nesterov's limit", 3.5 / 35, (MISCONCEPTION,), "Nesterov's limit"),
        Wrong("no factor 2", 1.75 / 14, (MISCONCEPTION,), "factor 2 is missing"),
        Wrong("alpha = 0.9 of the lesson", 3.8 / 14, (EXAMPLE_ONLY,)),
    ], [
        Right("typed", 0.25),
        Right("from eigvalsh", float(2 * 1.75 / np.linalg.eigvalsh(np.array([[5.0, 3.0], [3.0, 13.0]])).max())),
        Right("SymPy's fraction", sympy.Rational(7, 2) / 14),
    ]),
    "adam_first_steps": ([
        Wrong("without the correction", -0.01 * 0.1 * FIRST / (np.sqrt(0.001) * np.abs(FIRST) + 1e-8),
              (MISCONCEPTION,), "without the bias correction"),
        Wrong("epsilon ignored: eta for every gradient", np.array([-0.01, 0.01, -0.01]), (MISCONCEPTION,),
              "ε is not negligible"),
        Wrong("epsilon inside the square root", -0.01 * FIRST / np.sqrt(FIRST ** 2 + 1e-8), (MISCONCEPTION,),
              "inside the square root"),
        Wrong("SGD's steps", -0.01 * FIRST, (MISCONCEPTION,), "SGD's steps"),
        Wrong("the sign", 0.01 * FIRST / (np.abs(FIRST) + 1e-8), (MISCONCEPTION,), "The sign"),
        Wrong("the first parameter's change alone", -0.01, (EXAMPLE_ONLY,)),
    ], [
        Right("computed", -0.01 * FIRST / (np.abs(FIRST) + 1e-8)),
        Right("typed to 4 digits", np.array([-0.01, 0.01, -0.002308])),
        Right("Adam's first step from PyTorch", torch_first_changes()),
    ]),
    "expected_second_moment": ([
        Wrong("E[g^2], unbiased", mean_square, (MISCONCEPTION,), "That is E[g²] itself"),
        Wrong("beta_2^(t-1)", (1 - beta2 ** (t - 1)) * mean_square, (MISCONCEPTION,), "one step off"),
        Wrong("the missing part", beta2 ** t * mean_square, (MISCONCEPTION,), "the part that is *missing*"),
        Wrong("the first step only", (1 - beta2) * mean_square, (MISCONCEPTION,), "first step's value"),
        Wrong("the factor alone", 1 - beta2 ** t, (MISCONCEPTION, IGNORES_INPUT), "correction factor alone"),
        Wrong("at t = 1 with beta_2 = 0.999", sympy.Float(0.001) * mean_square, (EXAMPLE_ONLY,)),
    ], [
        Right("factored", (1 - beta2 ** t) * mean_square),
        Right("expanded", mean_square - mean_square * beta2 ** t),
        Right("the sum, unsimplified", sympy.summation((1 - beta2) * beta2 ** (t - i) * mean_square, (i, 1, t))),
    ]),
    "uncorrected_step_length": ([
        Wrong("the corrected step, eta", eta, (MISCONCEPTION,), "*with* the bias correction"),
        Wrong("the first step's length", eta * (1 - beta1) / sympy.sqrt(1 - beta2), (MISCONCEPTION,),
              "first step's length"),
        Wrong("no square root", eta * (1 - beta1 ** t) / (1 - beta2 ** t), (MISCONCEPTION,),
              "square root is missing"),
        Wrong("upside down", eta * sympy.sqrt(1 - beta2 ** t) / (1 - beta1 ** t), (MISCONCEPTION,), "Upside down"),
        Wrong("g left in", eta * g * (1 - beta1 ** t) / sympy.sqrt(1 - beta2 ** t), (MISCONCEPTION,),
              "gradient cancels"),
        Wrong("the default betas at t = 1", sympy.Float(0.1) / sympy.sqrt(sympy.Float(0.001)) * eta,
              (EXAMPLE_ONLY, IGNORES_INPUT)),
    ], [
        Right("as a fraction", eta * (1 - beta1 ** t) / sympy.sqrt(1 - beta2 ** t)),
        Right("a power -1/2", eta * (1 - beta1 ** t) * (1 - beta2 ** t) ** sympy.Rational(-1, 2)),
        Right("m/sqrt(v) with g", eta * (1 - beta1 ** t) * g / sympy.sqrt((1 - beta2 ** t) * g ** 2)),
    ]),
}
