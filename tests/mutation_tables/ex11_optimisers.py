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


def nesterov_ascent(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity + learning_rate * gradient(theta + alpha * velocity)
    return theta + velocity, velocity


def nesterov_no_alpha_on_velocity(theta, velocity, gradient, learning_rate, alpha):
    velocity = velocity - learning_rate * gradient(theta + alpha * velocity)
    return theta + velocity, velocity


def nesterov_look_behind(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - learning_rate * gradient(theta - alpha * velocity)
    return theta + velocity, velocity


def nesterov_velocity_ignored(theta, velocity, gradient, learning_rate, alpha):
    step = -learning_rate * gradient(theta)
    return theta + step, step


def nesterov_swapped(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - learning_rate * gradient(theta + alpha * velocity)
    return velocity, theta + velocity


def nesterov_torch_sign(theta, velocity, gradient, learning_rate, alpha):
    buffer = alpha * velocity + learning_rate * gradient(theta + alpha * velocity)
    return theta - buffer, buffer


def nesterov_library_update_on_theta(theta, velocity, gradient, learning_rate, alpha):
    g = gradient(theta + alpha * velocity)
    velocity = alpha * velocity - learning_rate * g
    return theta + alpha * velocity - learning_rate * g, velocity


def nesterov_fixed_rate(theta, velocity, gradient, learning_rate, alpha):
    velocity = alpha * velocity - 0.05 * gradient(theta + alpha * velocity)
    return theta + velocity, velocity


def nesterov_copies_in_place(theta, velocity, gradient, learning_rate, alpha):
    theta, velocity = theta.copy(), velocity.copy()
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


def rmsprop_no_root(theta, gradient, s, learning_rate, rho, epsilon):
    s = rho * s + (1 - rho) * gradient ** 2
    return theta - learning_rate * gradient / (s + epsilon), s


def rmsprop_returns_old_s(theta, gradient, s, learning_rate, rho, epsilon):
    new_s = rho * s + (1 - rho) * gradient ** 2
    return theta - learning_rate * gradient / (np.sqrt(new_s) + epsilon), s


def rmsprop_epsilon_on_the_step(theta, gradient, s, learning_rate, rho, epsilon):
    s = rho * s + (1 - rho) * gradient ** 2
    return theta - learning_rate * (gradient / np.sqrt(s) + epsilon), s


def rmsprop_epsilon_squared_inside(theta, gradient, s, learning_rate, rho, epsilon):
    s = rho * s + (1 - rho) * gradient ** 2
    return theta - learning_rate * gradient / np.sqrt(s + epsilon ** 2), s


def rmsprop_state_ignored(theta, gradient, s, learning_rate, rho, epsilon):
    s = (1 - rho) * gradient ** 2
    return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), s


def rmsprop_in_place(theta, gradient, s, learning_rate, rho, epsilon):
    s *= rho
    s += (1 - rho) * gradient ** 2
    return theta - learning_rate * gradient / (np.sqrt(s) + epsilon), s


def rmsprop_float32(theta, gradient, s, learning_rate, rho, epsilon):
    s = (rho * s + (1 - rho) * gradient ** 2).astype(np.float32)
    return (theta - learning_rate * gradient / (np.sqrt(s) + epsilon)).astype(np.float32), s


def rmsprop_fixed_rate(theta, gradient, s, learning_rate, rho, epsilon):
    s = rho * s + (1 - rho) * gradient ** 2
    return theta - 0.01 * gradient / (np.sqrt(s) + epsilon), s


def rmsprop_copies_in_place(theta, gradient, s, learning_rate, rho, epsilon):
    theta, s = np.array(theta, dtype=float), np.array(s, dtype=float)
    s *= rho
    s += (1 - rho) * np.square(gradient)
    theta -= learning_rate * gradient / (np.sqrt(s) + epsilon)
    return theta, s


def rmsprop_ascent(theta, gradient, s, learning_rate, rho, epsilon):
    s = rho * s + (1 - rho) * gradient ** 2
    return theta + learning_rate * gradient / (np.sqrt(s) + epsilon), s


def rmsprop_old_s(theta, gradient, s, learning_rate, rho, epsilon):
    step = learning_rate * gradient / (np.sqrt(s) + epsilon)
    return theta - step, rho * s + (1 - rho) * gradient ** 2


def rmsprop_swapped(theta, gradient, s, learning_rate, rho, epsilon):
    return tuple(reversed(rmsprop_right(theta, gradient, s, learning_rate, rho, epsilon)))


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


def adam_power_of_one_minus_beta(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    m_hat, v_hat = m / (1 - beta1) ** t, v / (1 - beta2) ** t
    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_correction_multiplied(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    m_hat, v_hat = m * (1 - beta1 ** t), v * (1 - beta2 ** t)
    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_t_ignored(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    m_hat, v_hat = m / (1 - beta1), v / (1 - beta2)                 # right at t = 1
    return theta - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_t_plus_one(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    return adam_right(theta, gradient, m, v, t + 1, learning_rate, beta1, beta2, epsilon)


def adam_only_v_corrected(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    return theta - learning_rate * m / (np.sqrt(v / (1 - beta2 ** t)) + epsilon), m, v


def adam_betas_swapped(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    return adam_right(theta, gradient, m, v, t, learning_rate, beta2, beta1, epsilon)


def adam_epsilon_squared_inside(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return theta - learning_rate * m_hat / np.sqrt(v_hat + epsilon ** 2), m, v


def adam_epsilon_on_the_step(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return theta - learning_rate * (m_hat / np.sqrt(v_hat) + epsilon), m, v


def adam_no_epsilon(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    return theta - learning_rate * (m / (1 - beta1 ** t)) / np.sqrt(v / (1 - beta2 ** t)), m, v


def adam_kingma_epsilon_unscaled(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    """The paper's efficient form as printed (Algorithm 1's note): epsilon left next to sqrt(v)."""
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    rate = learning_rate * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return theta - rate * m / (np.sqrt(v) + epsilon), m, v


def adam_state_ignored(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    return adam_right(theta, gradient, np.zeros_like(m), np.zeros_like(v), t, learning_rate, beta1, beta2, epsilon)


def adam_in_place(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m *= beta1
    m += (1 - beta1) * gradient
    v *= beta2
    v += (1 - beta2) * gradient ** 2
    return theta - learning_rate * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + epsilon), m, v


def adam_float32(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    return tuple(a.astype(np.float32) for a in adam_right(theta, gradient, m, v, t, learning_rate, beta1, beta2,
                                                          epsilon))


def adam_np_functions_list(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = np.add(np.multiply(beta1, m), np.multiply(1 - beta1, gradient))
    v = np.add(np.multiply(beta2, v), np.multiply(1 - beta2, np.square(gradient)))
    m_hat = np.divide(m, 1 - np.power(beta1, t))
    v_hat = np.divide(v, 1 - np.power(beta2, t))
    return [np.subtract(theta, learning_rate * m_hat / np.add(np.sqrt(v_hat), epsilon)), m, v]


def adam_root_corrected_apart(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    """sqrt(v_hat) written as sqrt(v) / sqrt(1 - beta2^t)."""
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    return theta - learning_rate * (m / (1 - beta1 ** t)) / (np.sqrt(v) / math.sqrt(1 - beta2 ** t) + epsilon), m, v


def adam_ascent(theta, gradient, m, v, t, learning_rate, beta1, beta2, epsilon):
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient ** 2
    return theta + learning_rate * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + epsilon), m, v


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


def adamw_decay_rate_only(theta, gradient, m, v, t, learning_rate, weight_decay):
    return adam_right(theta - learning_rate * theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


def adamw_t_ignored(theta, gradient, m, v, t, learning_rate, weight_decay):
    return adam_right(theta - learning_rate * weight_decay * theta, gradient, m, v, 1, learning_rate, 0.9, 0.999,
                      1e-8)


def adamw_in_place(theta, gradient, m, v, t, learning_rate, weight_decay):
    theta *= 1 - learning_rate * weight_decay
    return adam_right(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


def adamw_grows(theta, gradient, m, v, t, learning_rate, weight_decay):
    return adam_right(theta + learning_rate * weight_decay * theta, gradient, m, v, t, learning_rate, 0.9, 0.999,
                      1e-8)


def adamw_multiplicative(theta, gradient, m, v, t, learning_rate, weight_decay):
    return adam_right((1 - learning_rate * weight_decay) * theta, gradient, m, v, t, learning_rate, 0.9, 0.999,
                      1e-8)


def adamw_copy_in_place(theta, gradient, m, v, t, learning_rate, weight_decay):
    theta = theta.copy()
    theta *= 1 - learning_rate * weight_decay
    return adam_kingma_rate(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)


def adamw_decay_of_the_old_theta_after(theta, gradient, m, v, t, learning_rate, weight_decay):
    """Adam's step first, then the decay of the *old* theta subtracted: the same update."""
    stepped, m, v = adam_right(theta, gradient, m, v, t, learning_rate, 0.9, 0.999, 1e-8)
    return stepped - learning_rate * weight_decay * theta, m, v


def adamw_ascent(theta, gradient, m, v, t, learning_rate, weight_decay):
    return adam_ascent(theta - learning_rate * weight_decay * theta, gradient, m, v, t, learning_rate, 0.9, 0.999,
                       1e-8)


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


def schedule_past_the_peak(t, peak, warm_up_steps, total):
    if t <= warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return schedule_right(t, peak, warm_up_steps, total)


def schedule_ends_early(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return peak * (1 + np.cos(np.pi * (t - warm_up_steps) / (total - warm_up_steps - 1))) / 2


def schedule_floor_division(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return peak * (1 + math.cos(math.pi * ((t - warm_up_steps) // (total - warm_up_steps)))) / 2


def schedule_linear_decay(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return peak * (1 - (t - warm_up_steps) / (total - warm_up_steps))


def schedule_below_the_peak(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / (warm_up_steps + 1)
    return schedule_right(t, peak, warm_up_steps, total)


def schedule_divides_first(t, peak, warm_up_steps, total):
    """The warm-up's fraction computed before the test: 1/0 when there is no warm-up."""
    warm = (t + 1) / warm_up_steps
    if t < warm_up_steps:
        return peak * warm
    return schedule_right(t, peak, warm_up_steps, total)


def schedule_fixed_peak(t, peak, warm_up_steps, total):
    return schedule_right(t, 0.1, warm_up_steps, total)


def schedule_fixed_total(t, peak, warm_up_steps, total):
    return schedule_right(t, peak, warm_up_steps, 25)


def schedule_np_where_guarded(t, peak, warm_up_steps, total):
    """Both branches at once with NumPy, the warm-up guarded against W = 0."""
    warm = peak * (t + 1) / max(warm_up_steps, 1)
    cosine = 0.5 * peak * (1 + np.cos(np.pi * (t - warm_up_steps) / (total - warm_up_steps)))
    return float(np.where(t < warm_up_steps, warm, cosine))


def schedule_one_step_on_one_longer(t, peak, warm_up_steps, total):
    if t < warm_up_steps:
        return peak * (t + 1) / warm_up_steps
    return peak * (1 + math.cos(math.pi * (t - warm_up_steps + 1) / (total - warm_up_steps + 1))) / 2


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
        Wrong("alpha fixed at 0.9", nesterov_fixed_alpha, (IGNORES_INPUT, EXAMPLE_ONLY), "α = 0.9 whatever"),
        Wrong("the right step, but the caller's arrays changed in place", nesterov_in_place, ()),
        Wrong("ascent", nesterov_ascent, (MISCONCEPTION,), "goes uphill"),
        Wrong("the old velocity not faded by alpha", nesterov_no_alpha_on_velocity, (MISCONCEPTION,),
              "leaves out α"),
        Wrong("the gradient behind, at theta - alpha v", nesterov_look_behind, (MISCONCEPTION,), "behind θ"),
        Wrong("the velocity ignored (plain descent)", nesterov_velocity_ignored, (MISCONCEPTION, IGNORES_INPUT),
              "ignores the velocity"),
        Wrong("(velocity, theta) returned", nesterov_swapped, (MISCONCEPTION,), "wrong order"),
        Wrong("PyTorch's buffer sign", nesterov_torch_sign, (MISCONCEPTION,), "opposite sign"),
        Wrong("the libraries' update on theta, gradient ahead", nesterov_library_update_on_theta, (MISCONCEPTION,),
              "libraries' update"),
        Wrong("the learning rate fixed at 0.05", nesterov_fixed_rate, (IGNORES_INPUT, EXAMPLE_ONLY)),
        Wrong("theta alone returned", lambda *args: nesterov_right(*args)[0], ()),
    ], [
        Right("as defined", nesterov_right),
        Right("through the look-ahead point phi", nesterov_through_phi),
        Right("np.add and friends, a list", nesterov_lists),
        Right("in place, on copies", nesterov_copies_in_place),
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
        Wrong("rho fixed at 0.9", rmsprop_fixed_rho, (IGNORES_INPUT, EXAMPLE_ONLY), "ρ = 0.9 whatever"),
        Wrong("ascent", rmsprop_ascent, (MISCONCEPTION,), "goes uphill"),
        Wrong("divided by the old s", rmsprop_old_s, (MISCONCEPTION,), "divides by the old average"),
        Wrong("(s, theta) returned", rmsprop_swapped, (MISCONCEPTION,), "wrong order"),
        Wrong("divided by s, no square root", rmsprop_no_root, (MISCONCEPTION,), "not by its square root"),
        Wrong("the old s returned", rmsprop_returns_old_s, (MISCONCEPTION,), "returned the old s"),
        Wrong("epsilon added to the step, g/sqrt(s) + eps", rmsprop_epsilon_on_the_step, (MISCONCEPTION, UNSAFE),
              "Your divisor has no ε"),
        Wrong("epsilon squared inside the root", rmsprop_epsilon_squared_inside, (MISCONCEPTION,),
              "inside the square root"),
        Wrong("s ignored, started from 0", rmsprop_state_ignored, (MISCONCEPTION, IGNORES_INPUT),
              "ignores the averages"),
        Wrong("s updated in place", rmsprop_in_place, (), ""),
        Wrong("float32 results", rmsprop_float32, (), ""),
        Wrong("the learning rate fixed at 0.01", rmsprop_fixed_rate, (IGNORES_INPUT, EXAMPLE_ONLY)),
    ], [
        Right("as written", rmsprop_right),
        Right("an interpolation, s ** 0.5", rmsprop_interpolated),
        Right("PyTorch's addcmul", rmsprop_torch),
        Right("in place, on copies", rmsprop_copies_in_place),
    ]),
    "adam_step": ([
        Wrong("no bias correction", adam_uncorrected, (MISCONCEPTION,), "leaves out the bias correction"),
        Wrong("t counted from 0 (divides by 0 at the first step)", adam_t_from_zero, (MISCONCEPTION, UNSAFE),
              "one step off"),
        Wrong("only m corrected", adam_only_m_corrected, (MISCONCEPTION,), "corrected m but not v"),
        Wrong("epsilon inside the square root", adam_epsilon_inside, (MISCONCEPTION,), "inside the square root"),
        Wrong("the corrected averages returned as the state", adam_returns_corrected, (MISCONCEPTION,),
              "returned the corrected"),
        Wrong("the default betas and epsilon, whatever is given", adam_default_betas, (IGNORES_INPUT, EXAMPLE_ONLY),
              "the default β₁"),
        Wrong("(1 - beta)^t", adam_power_of_one_minus_beta, (MISCONCEPTION,), "raised (1 - β) to the power t"),
        Wrong("the correction multiplied", adam_correction_multiplied, (MISCONCEPTION,),
              "multiplied by the correction factor"),
        Wrong("t ignored: the first step's correction", adam_t_ignored, (MISCONCEPTION, IGNORES_INPUT, EXAMPLE_ONLY),
              "right at the first step only"),
        Wrong("beta^(t + 1)", adam_t_plus_one, (MISCONCEPTION,), "one step off"),
        Wrong("only v corrected", adam_only_v_corrected, (MISCONCEPTION,), "corrected v but not m"),
        Wrong("the betas swapped", adam_betas_swapped, (MISCONCEPTION,), "swapped β₁ and β₂"),
        Wrong("epsilon squared inside the root", adam_epsilon_squared_inside, (MISCONCEPTION,),
              "inside the square root"),
        Wrong("epsilon added to the step", adam_epsilon_on_the_step, (MISCONCEPTION, UNSAFE), "Your divisor has no ε"),
        Wrong("no epsilon: 0/0 at a zero gradient", adam_no_epsilon, (MISCONCEPTION, UNSAFE, IGNORES_INPUT),
              "Your divisor has no ε"),
        Wrong("the paper's folded rate with epsilon unscaled", adam_kingma_epsilon_unscaled, (MISCONCEPTION,),
              "folded the corrections into the rate"),
        Wrong("m and v ignored, started from 0", adam_state_ignored, (MISCONCEPTION, IGNORES_INPUT),
              "ignores the averages"),
        Wrong("m and v updated in place", adam_in_place, (), ""),
        Wrong("float32 results", adam_float32, (), ""),
        Wrong("ascent", adam_ascent, (MISCONCEPTION,), "goes uphill"),
        Wrong("theta alone returned", lambda *args: adam_right(*args)[0], ()),
    ], [
        Right("as written", adam_right),
        Right("the paper's form, the corrections folded into the rate", adam_kingma_rate),
        Right("torch.optim.Adam with its state set", adam_torch),
        Right("np.add and friends, a list", adam_np_functions_list),
        Right("sqrt(v_hat) as sqrt(v) / sqrt(1 - beta2^t)", adam_root_corrected_apart),
    ]),
    "adamw_step": ([
        Wrong("L2 in Adam's gradient", adamw_l2_in_gradient, (MISCONCEPTION,), "L2 in Adam"),
        Wrong("the decay without the learning rate", adamw_decay_without_rate, (MISCONCEPTION,),
              "leaves out the learning rate"),
        Wrong("the decay after the step", adamw_decay_after, (MISCONCEPTION,), "after Adam's step"),
        Wrong("decayed twice, outside and as L2", adamw_twice, (MISCONCEPTION,), "decayed θ twice"),
        Wrong("weight_decay ignored", adamw_no_decay, (IGNORES_INPUT,), "no weight decay"),
        Wrong("Adam without its correction", adamw_uncorrected, ()),
        Wrong("the decay by eta alone, lambda ignored", adamw_decay_rate_only, (MISCONCEPTION, IGNORES_INPUT),
              "leaves out the weight decay λ"),
        Wrong("t ignored", adamw_t_ignored, (MISCONCEPTION, IGNORES_INPUT), "right at the first step only"),
        Wrong("theta decayed in place", adamw_in_place, (), ""),
        Wrong("the decay's sign", adamw_grows, (MISCONCEPTION,), "away from 0"),
        Wrong("Adam's step uphill", adamw_ascent, (MISCONCEPTION,), "goes uphill"),
    ], [
        Right("decay, then Adam", adamw_right),
        Right("the paper's single line", adamw_paper_form),
        Right("torch.optim.AdamW with its state set", adamw_torch),
        Right("(1 - eta lambda) theta", adamw_multiplicative),
        Right("in place on a copy, then the folded-rate Adam", adamw_copy_in_place),
        Right("Adam first, then the old theta's decay", adamw_decay_of_the_old_theta_after),
    ]),
    "warm_up_cosine_rate": ([
        Wrong("a warm-up from 0", schedule_from_zero, (MISCONCEPTION,), "warm-up starts at 0"),
        Wrong("the cosine counted from t", schedule_cosine_from_t, (MISCONCEPTION,), "counts from t = 0"),
        Wrong("the cosine over total steps", schedule_cosine_over_total, (MISCONCEPTION,), "ends W steps too late"),
        Wrong("the cosine one step on", schedule_cosine_one_step_on, (MISCONCEPTION,), "one step off"),
        Wrong("no (1 + cos)/2", schedule_no_half, (MISCONCEPTION,), "goes negative"),
        Wrong("integer division in the warm-up", schedule_integer_division, (MISCONCEPTION, UNSAFE),
              "integer division"),
        Wrong("a warm-up of 5 steps always", schedule_fixed_warm_up, (IGNORES_INPUT, EXAMPLE_ONLY)),
        Wrong("the warm-up up to t = W", schedule_past_the_peak, (MISCONCEPTION,), "above the peak"),
        Wrong("the cosine ends a step early", schedule_ends_early, (MISCONCEPTION,), "one step off at the end"),
        Wrong("// in the cosine's fraction", schedule_floor_division, (MISCONCEPTION, UNSAFE), "integer division"),
        Wrong("a linear decay", schedule_linear_decay, (MISCONCEPTION,), "straight line"),
        Wrong("the cosine counted from t - W + 1 over total - W + 1", schedule_one_step_on_one_longer, (MISCONCEPTION,),
              "one step off"),
        Wrong("the warm-up over W + 1", schedule_below_the_peak, (MISCONCEPTION,), "never reaches the peak"),
        Wrong("(t + 1)/W before the test: 1/0 without a warm-up", schedule_divides_first, (UNSAFE,)),
        Wrong("the peak fixed at 0.1", schedule_fixed_peak, (IGNORES_INPUT, EXAMPLE_ONLY)),
        Wrong("the total fixed at 25", schedule_fixed_total, (IGNORES_INPUT, EXAMPLE_ONLY)),
    ], [
        Right("as written", schedule_right),
        Right("a min and cos² of the half angle", schedule_min_and_cos_squared),
        Right("a NumPy table of every step", schedule_table),
        Right("np.where, the warm-up guarded", schedule_np_where_guarded),
    ]),
    "momentum_rate_limit": ([
        Wrong("plain descent's 2/lambda_max", 2 / 14, (MISCONCEPTION,), "plain gradient descent's limit"),
        Wrong("the smallest eigenvalue", 3.5 / 4, (MISCONCEPTION,), "smallest curvature"),
        Wrong("the largest diagonal entry", 3.5 / 13, (MISCONCEPTION,), "largest diagonal entry"),
        Wrong("Nesterov's limit", 3.5 / 35, (MISCONCEPTION,), "Nesterov's limit"),
        Wrong("no factor 2", 1.75 / 14, (MISCONCEPTION,), "factor 2 is missing"),
        Wrong("alpha = 0.9 of the lesson", 3.8 / 14, (EXAMPLE_ONLY,), "lesson's momentum"),
        Wrong("2(1 - alpha)", 0.5 / 14, (MISCONCEPTION,), "Momentum raises the limit"),
        Wrong("the mean eigenvalue", 3.5 / 9, (MISCONCEPTION,), "average of H's eigenvalues"),
        Wrong("the Frobenius norm", 3.5 / float(np.linalg.norm([[5.0, 3.0], [3.0, 13.0]])), (MISCONCEPTION,),
              "Frobenius norm"),
        Wrong("1/lambda_max", 1 / 14, (MISCONCEPTION,), "1/λ_max"),
        Wrong("the trace", 3.5 / 18, (MISCONCEPTION,), "trace"),
    ], [
        Right("typed", 0.25),
        Right("from eigvalsh", float(2 * 1.75 / np.linalg.eigvalsh(np.array([[5.0, 3.0], [3.0, 13.0]])).max())),
        Right("SymPy's fraction", sympy.Rational(7, 2) / 14),
        Right("from SymPy's eigenvalues",
              2 * (1 + sympy.Rational(3, 4)) / max(sympy.Matrix([[5, 3], [3, 13]]).eigenvals())),
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
        Wrong("only m corrected", -0.01 * FIRST / (np.sqrt(0.001) * np.abs(FIRST) + 1e-8), (MISCONCEPTION,),
              "corrected m but not v"),
        Wrong("only v corrected", -0.01 * 0.1 * FIRST / (np.abs(FIRST) + 1e-8), (MISCONCEPTION,),
              "corrected v but not m"),
        Wrong("the paper's folded rate, epsilon unscaled",
              -0.01 * np.sqrt(0.001) / 0.1 * 0.1 * FIRST / (np.sqrt(0.001) * np.abs(FIRST) + 1e-8), (MISCONCEPTION,),
              "folded the corrections"),
        Wrong("epsilon squared inside the root", -0.01 * FIRST / np.sqrt(FIRST ** 2 + 1e-16), (MISCONCEPTION,),
              "inside the square root"),
        Wrong("sizes without signs", np.abs(0.01 * FIRST / (np.abs(FIRST) + 1e-8)), (MISCONCEPTION,), "its sign"),
        Wrong("a list", list(-0.01 * FIRST / (np.abs(FIRST) + 1e-8)), ()),
        Wrong("float32", (-0.01 * FIRST / (np.abs(FIRST) + 1e-8)).astype(np.float32), ()),
    ], [
        Right("computed", -0.01 * FIRST / (np.abs(FIRST) + 1e-8)),
        Right("typed to 4 digits", np.array([-0.01, 0.01, -0.002308])),
        Right("Adam's first step from PyTorch", torch_first_changes()),
        Right("typed to 5 digits", np.array([-0.01, 0.0099999, -0.0023077])),
    ]),
    "expected_second_moment": ([
        Wrong("E[g^2], unbiased", mean_square, (MISCONCEPTION,), "That is E[g²] itself"),
        Wrong("beta_2^(t-1)", (1 - beta2 ** (t - 1)) * mean_square, (MISCONCEPTION,), "one step off"),
        Wrong("the missing part", beta2 ** t * mean_square, (MISCONCEPTION,), "leaves *out*"),
        Wrong("the first step only", (1 - beta2) * mean_square, (MISCONCEPTION,), "first step's value"),
        Wrong("the factor alone", 1 - beta2 ** t, (MISCONCEPTION, IGNORES_INPUT), "correction factor alone"),
        Wrong("at t = 1 with beta_2 = 0.999", sympy.Float(0.001) * mean_square, (EXAMPLE_ONLY,)),
        Wrong("beta_2^(t+1)", (1 - beta2 ** (t + 1)) * mean_square, (MISCONCEPTION,), "not 0 to t"),
        Wrong("the weights 1 - beta_2 left out", (1 - beta2 ** t) / (1 - beta2) * mean_square, (MISCONCEPTION,),
              "each term's weight"),
        Wrong("(1 - beta_2)^t", (1 - (1 - beta2) ** t) * mean_square, (MISCONCEPTION,), "raised (1 - β)"),
        Wrong("the corrected value", mean_square / (1 - beta2 ** t), (MISCONCEPTION,), "before any correction"),
    ], [
        Right("factored", (1 - beta2 ** t) * mean_square),
        Right("expanded", mean_square - mean_square * beta2 ** t),
        Right("the sum, unsimplified", sympy.summation((1 - beta2) * beta2 ** (t - i) * mean_square, (i, 1, t))),
        Right("symbols without assumptions",
              (1 - sympy.Symbol("beta_2") ** sympy.Symbol("t")) * sympy.Symbol("E[g^2]")),
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
        Wrong("the root over the whole fraction", eta * sympy.sqrt((1 - beta1 ** t) / (1 - beta2 ** t)),
              (MISCONCEPTION,), "covers m_t's factor too"),
        Wrong("(1 - beta)^t", eta * (1 - (1 - beta1) ** t) / sympy.sqrt(1 - (1 - beta2) ** t), (MISCONCEPTION,),
              "raised (1 - β)"),
        Wrong("powers t - 1", eta * (1 - beta1 ** (t - 1)) / sympy.sqrt(1 - beta2 ** (t - 1)), (MISCONCEPTION,),
              "one step off"),
        Wrong("the betas swapped", eta * (1 - beta2 ** t) / sympy.sqrt(1 - beta1 ** t), (MISCONCEPTION,),
              "swapped β₁ and β₂"),
    ], [
        Right("as a fraction", eta * (1 - beta1 ** t) / sympy.sqrt(1 - beta2 ** t)),
        Right("a power -1/2", eta * (1 - beta1 ** t) * (1 - beta2 ** t) ** sympy.Rational(-1, 2)),
        Right("m/sqrt(v) with g", eta * (1 - beta1 ** t) * g / sympy.sqrt((1 - beta2 ** t) * g ** 2)),
        Right("a float power -0.5", eta * (1 - beta1 ** t) * (1 - beta2 ** t) ** -0.5),
    ]),
}
