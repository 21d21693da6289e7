# %% [markdown]
# # Exercise 12: Generalisation and regularisation
#
# The lesson it practises: [`lessons/12_regularisation.ipynb`](../lessons/12_regularisation.ipynb).
#
# Practise what lesson 12 built: the L2 penalty and its gradient term, what weight decay does to a
# weight, inverted dropout forwards and backwards, the network at evaluation, and choosing
# hyperparameters on the validation set. Each question has an **answer cell** (replace the `...` or
# the `raise NotImplementedError` with your answer) and a **check cell** right after it: run it and it
# tells you whether your answer is right, and if not, what looks wrong. Run the cells in order; a
# check never stops the notebook.
#
# Conventions, as in the lesson: a batch is rows, `X` has shape (n_samples, n_inputs); `layers` is a
# list of `(W, b)` with `W` of shape (n_in, n_out); gradients are a list of `(dE/dW, dE/db)` in the
# same order. The building blocks of lessons 2-5 are imported for you; `nbtools.regularisation`
# answers this exercise's questions, so it is not available while your work is graded.
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its
# check cell, such as `check.hint("l2_penalty_of_weights")`) shows the next step of a solution in
# words, one step more each time, and `check.solution("l2_penalty_of_weights")` a worked solution
# with why each line is there. `check.progress()` shows which questions of every exercise pass, from
# your saved notebooks.

# %%
import numpy as np
import sympy as sp

from nbtools import check
from nbtools.backprop import layer_backward, loss_and_gradients
from nbtools.layers import forward
from nbtools.losses import softmax_cross_entropy_gradient

# %% [markdown]
# ## Question 1: the L2 penalty
# Write `l2_penalty(layers, weight_decay)`: the penalty
# $\frac{\lambda}{2} \sum_\text{layers} \sum_{j,k} w_{jk}^2$ with $\lambda$ = `weight_decay`, over
# every layer's weights. The biases are not penalised.

# %%
def l2_penalty(layers, weight_decay):
    ### BEGIN SOLUTION
    # Only the weights W of each (W, b) pair: a bias shifts a unit without making the
    # network more sensitive to its inputs.
    squares = sum(np.sum(W ** 2) for W, _ in layers)

    # The 1/2 makes the gradient lambda W, with no factor 2.
    return weight_decay / 2 * squares
    ### END SOLUTION

# %%
check.l2_penalty_of_weights(l2_penalty)

# %% [markdown]
# ## Question 2: the penalised loss and its gradients
# Write `penalised_loss_and_gradients(X, Y, layers, weight_decay)` for a network with ReLU hidden
# layers, an identity output and the softmax cross-entropy loss (`Y` one-hot): return the tuple
# `(loss, gradients)` where `loss` is the data loss **plus** the penalty of question 1 and
# `gradients` the list of `(dE/dW, dE/db)` of that whole loss. `loss_and_gradients(X, Y, layers,
# activations, "softmax_cross_entropy")` (lesson 5) gives the data loss and its gradients.

# %%
def penalised_loss_and_gradients(X, Y, layers, weight_decay):
    ### BEGIN SOLUTION
    # ReLU for every hidden layer, the identity for the output.
    activations = ["relu"] * (len(layers) - 1) + ["identity"]
    loss, gradients, _ = loss_and_gradients(X, Y, layers, activations,
                                            "softmax_cross_entropy")

    # The penalty joins the loss...
    loss = loss + weight_decay / 2 * sum(np.sum(W ** 2) for W, _ in layers)

    # ...and its gradient, lambda W, joins each weight's gradient; the biases' are left.
    gradients = [(dW + weight_decay * W, db)
                 for (dW, db), (W, _) in zip(gradients, layers)]
    return loss, gradients
    ### END SOLUTION

# %%
check.penalised_gradients(penalised_loss_and_gradients)

# %% [markdown]
# ## Question 3: a step with a penalty that has no ½
# Some texts (and CS231n's code) write the penalty without the ½: $\lambda (w_1^2 + w_2^2)$. The data
# loss has the gradient $g_1$ with respect to $w_1$. Store the value of $w_1$ after **one** gradient
# descent step with learning rate $\eta$ on data loss + penalty in `w_1_after`, a SymPy expression in
# the symbols below.

# %%
w_1, w_2, g_1, eta, lam = sp.symbols("w_1 w_2 g_1 eta lambda")

# %%
### BEGIN SOLUTION
# Without the 1/2, the penalty's derivative in w_1 is 2 lambda w_1; the step goes
# against the whole gradient.
w_1_after = w_1 - eta * (g_1 + 2 * lam * w_1)
### END SOLUTION

# %%
check.decay_step_without_half(w_1_after)

# %% [markdown]
# ## Question 4: what is left of a weight
# With the lesson's penalty $\frac{\lambda}{2}\sum w^2$, $\lambda = 0.01$ and plain gradient descent
# with $\eta = 0.1$, a weight whose **data** gradient stays 0 is only decayed. What fraction of it is
# left after 1,000 steps? Store the number (between 0 and 1, to 7 significant digits) in
# `fraction_left`.

# %%
### BEGIN SOLUTION
# Each step multiplies the weight by 1 - eta lambda = 0.999: 1,000 steps multiply it
# by 0.999 ** 1000.
fraction_left = (1 - 0.1 * 0.01) ** 1000
### END SOLUTION

# %%
check.weight_left_after_decay(fraction_left)

# %% [markdown]
# ## Question 5: inverted dropout
# Write `dropout_forward(Z, mask, keep_probability)`: the outputs `Z` of a hidden layer (shape
# (n_samples, n_units)) after inverted dropout with the boolean `mask` of the same shape (True where
# a unit is **kept**) and the keep probability $p$ = `keep_probability`. Do not change `Z`.

# %%
def dropout_forward(Z, mask, keep_probability):
    ### BEGIN SOLUTION
    # Dropped units give 0; kept ones are divided by p, so that each output keeps its
    # expected value and evaluation needs no scaling.
    return Z * mask / keep_probability
    ### END SOLUTION

# %%
check.inverted_dropout(dropout_forward)

# %% [markdown]
# ## Question 6: drawing a mask
# Write `dropout_mask(shape, keep_probability, rng)`: a boolean array of the given `shape` whose
# entries are True (keep) with probability `keep_probability`, each drawn independently from the
# `numpy.random.Generator` `rng`. Any correct way of drawing it passes: the check looks at what your
# masks are like, not at one expected mask.

# %%
def dropout_mask(shape, keep_probability, rng):
    ### BEGIN SOLUTION
    # One uniform number on [0, 1) per sample and unit, from the generator we are given
    # (so that the caller's seed decides the mask); below p with probability p.
    return rng.random(shape) < keep_probability
    ### END SOLUTION

# %%
check.dropout_mask_draw(dropout_mask)

# %% [markdown]
# ## Question 7: backpropagation through dropout
# A network with one hidden layer of ReLU units, an identity output and the softmax cross-entropy:
# `layers = [(W1, b1), (W2, b2)]`. During training, the hidden outputs $A = \text{ReLU}(X W_1 +
# \mathbf b_1)$ pass through inverted dropout with the given `mask` (shape (n_samples, n_hidden))
# before the output layer. Write `dropout_gradients(X, Y, layers, mask, keep_probability)`: the
# gradients `[(dW1, db1), (dW2, db2)]` of the loss of this network, for this mask. (`layer_backward`
# and `softmax_cross_entropy_gradient` from lessons 4-5 help; so does your question 5.)

# %%
def dropout_gradients(X, Y, layers, mask, keep_probability):
    ### BEGIN SOLUTION
    (W1, b1), (W2, b2) = layers
    # Forward: the hidden layer, its outputs dropped and scaled, then the logits.
    U1 = X @ W1 + b1
    Z1 = dropout_forward(np.maximum(U1, 0.0), mask, keep_probability)
    U2 = Z1 @ W2 + b2

    # Backward through the output layer: dE/dU2 = (softmax - Y) / n.
    dW2, db2, dE_dZ1 = layer_backward(softmax_cross_entropy_gradient(U2, Y), U2, Z1, W2,
                                      "identity")

    # Dropout multiplied each output by mask / p: the gradient is multiplied by the
    # same.
    dE_dA1 = dropout_forward(dE_dZ1, mask, keep_probability)

    # Then through the ReLU and the first layer, as in lesson 5.
    dW1, db1, _ = layer_backward(dE_dA1, U1, X, W1, "relu", pass_back=False)
    return [(dW1, db1), (dW2, db2)]
    ### END SOLUTION

# %%
check.dropout_network_gradients(dropout_gradients)

# %% [markdown]
# ## Question 8: the network at evaluation
# The same network (ReLU hidden layer, identity output) was trained with inverted dropout at keep
# probability `keep_probability`. Write `evaluation_output(X, layers, keep_probability)`: the
# network's outputs (its logits, shape (n_samples, n_outputs)) for the inputs `X` **at evaluation**.

# %%
def evaluation_output(X, layers, keep_probability):
    ### BEGIN SOLUTION
    # Inverted dropout did its scaling during training, so at evaluation the network is
    # used as it is: no mask, no scaling; keep_probability is not needed.
    return forward(X, layers, ["relu", "identity"])
    ### END SOLUTION

# %%
check.dropout_at_evaluation(evaluation_output)

# %% [markdown]
# ## Question 9: the noise dropout adds
# A unit's output $z$ passes through inverted dropout: it becomes $m z / p$ with $m = 1$ with
# probability $p$ and $m = 0$ otherwise. Its mean is $z$ (the lesson derived it). Store its
# **variance** $\operatorname{Var}[m z / p]$ in `variance`, a SymPy expression in the symbols `z` and
# `p` below.

# %%
z, p = sp.symbols("z p", positive=True)

# %%
### BEGIN SOLUTION
# Var = E[x^2] - E[x]^2: x^2 = (z / p)^2 with probability p, else 0; the mean is z.
variance = sp.simplify(p * (z / p) ** 2 - z ** 2)
### END SOLUTION

# %%
check.dropout_variance(variance)

# %% [markdown]
# ## Question 10: choosing hyperparameters
# A search trained one network for each setting and seed. `runs` is a list of dictionaries, one a
# run, with the keys `"learning_rate"`, `"weight_decay"`, `"width"`, `"seed"`, `"train_loss"`,
# `"validation_loss"` (both at the epoch early stopping kept) and `"test_accuracy"`. Write
# `choose_hyperparameters(runs)`: return the tuple `(learning_rate, weight_decay, width)` of the
# setting whose runs have the lowest **mean validation loss over their seeds**.

# %%
def choose_hyperparameters(runs):
    ### BEGIN SOLUTION
    # Gather each setting's validation losses over its seeds (never the test accuracy:
    # the test set must stay out of every decision).
    losses = {}
    for run in runs:
        setting = (run["learning_rate"], run["weight_decay"], run["width"])
        losses.setdefault(setting, []).append(run["validation_loss"])

    # The mean over the seeds, not one lucky run: the lowest wins.
    return min(losses, key=lambda setting: np.mean(losses[setting]))
    ### END SOLUTION

# %% nbtools={"points": 2}
check.hyperparameter_choice(choose_hyperparameters)

# %% [markdown]
# ## Question 11: the gap early stopping leaves
# `history` is a dictionary like the one `training.train` returns, with lists of one entry per epoch:
# `"train_loss"`, `"validation_loss"`, `"train_accuracy"` and `"validation_accuracy"`. Write
# `generalisation_gap(history)`: the training accuracy minus the validation accuracy at the epoch
# whose parameters early stopping keeps (the first epoch with the lowest validation loss).

# %%
def generalisation_gap(history):
    ### BEGIN SOLUTION
    # Early stopping keeps the first epoch with the lowest validation loss.
    best = int(np.argmin(history["validation_loss"]))

    # How much better the network does on the images it was fitted to, there.
    return history["train_accuracy"][best] - history["validation_accuracy"][best]
    ### END SOLUTION

# %%
check.generalisation_gap(generalisation_gap)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can add L2 weight decay to a loss and its gradient in either
# convention, say what it does to a weight, write dropout forwards and backwards and use the network
# at evaluation, and choose settings the honest way: on the validation set, over several seeds, with
# the test set kept for the one final report.
