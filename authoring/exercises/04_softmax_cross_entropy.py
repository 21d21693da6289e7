# %% [markdown]
# # Exercise 4: Softmax and cross-entropy
#
# The lesson it practises: [`lessons/04_softmax_cross_entropy.ipynb`](../lessons/04_softmax_cross_entropy.ipynb).
#
# Practise what lesson 4 built and derived. Each question has an **answer cell** (replace the `...` or the
# `raise NotImplementedError` with your answer) and a **check cell** right after it: run it and it tells
# you whether your answer is right, and if not, what looks wrong. Run the cells in order; a check never
# stops the notebook, so you can skip a question and come back.
#
# Conventions, as in the lesson: a batch is rows. Logits `U` and probabilities `Y_hat` have shape
# (n_samples, n_classes), one-hot targets `Y` the same shape, integer `labels` shape (n_samples,). Work in
# float64, and never change an input array in place (the checks notice).
#
# **Stuck?** Once a question's check has run on your answer, `check.hint("name")` (the name in its check
# cell, such as `check.hint("softmax")`) shows the next step of a solution in words, one step more each
# time, and `check.solution("softmax")` a worked solution with why each line is there. `check.progress()`
# shows which questions of every exercise pass, from your saved notebooks.

# %%
import numpy as np
import sympy as sp

from nbtools import check

u1, u2, u3 = sp.symbols("u1 u2 u3", real=True)
y1, y2, y3 = sp.symbols("y1 y2 y3", real=True)

# %% [markdown]
# ## Question 1: a stable softmax for a batch
# Write `softmax(U)`: for each **row** of the logits `U` (shape (n_samples, n_classes)), the probabilities
#
# $$\hat{y}_k = \frac{e^{u_k}}{\sum_j e^{u_j}},$$
#
# as an array of the same shape. It must work for logits such as $[1000, 1001, 1002]$ without overflowing.

# %%
def softmax(U):
    ### BEGIN SOLUTION
    # Subtract each row's largest logit first: softmax does not change (the factor
    # e^-max cancels above and below), and the largest exponent is now e^0 = 1, so
    # nothing overflows. keepdims keeps a column that broadcasts over its row.
    exponentials = np.exp(U - U.max(axis=1, keepdims=True))

    # Divide by each row's sum, so that every row sums to 1.
    return exponentials / exponentials.sum(axis=1, keepdims=True)
    ### END SOLUTION

# %%
check.softmax(softmax)

# %% [markdown]
# ## Question 2: equal logits
# Predict first: a sample's five logits are all equal to $7$. What probability does softmax give each of the
# five classes? Store the number in `p_equal`.

# %%
### BEGIN SOLUTION
# Equal logits give equal exponentials, so each class gets the same share: 1 of 5.
p_equal = 1 / 5
### END SOLUTION

# %%
check.softmax_of_equal_logits(p_equal)

# %% [markdown]
# ## Question 3: the predicted classes
# A classifier produced these logits for four samples (one row each). Which class does it predict for each
# sample? Store the four class numbers (counted from 0) as a NumPy integer array in `predicted`. Predict
# them by eye first, then compute them.

# %%
U_q3 = np.array([[1.0, 3.0, 2.0],
                 [-5.0, -2.0, -3.0],
                 [1000.0, 999.0, 1001.0],
                 [0.2, 0.1, 0.0]])
### BEGIN SOLUTION
# softmax keeps the order of the logits, so the predicted class is the column of
# each row's largest logit: argmax along axis 1 (one class per row).
predicted = np.argmax(U_q3, axis=1)
### END SOLUTION

# %%
check.predicted_classes(predicted)

# %% [markdown]
# ## Question 4: one-hot labels
# Write `one_hot(labels, n_classes)`: integer labels, shape (n_samples,), as one-hot rows, shape
# (n_samples, n_classes), float64: row $i$ is 1.0 at column `labels[i]` and 0.0 elsewhere.

# %%
def one_hot(labels, n_classes):
    ### BEGIN SOLUTION
    # Start from a row of zeros per sample, one column per class...
    Y = np.zeros((len(labels), n_classes))

    # ...then put 1.0 in row i at column labels[i], for every row at once.
    Y[np.arange(len(labels)), labels] = 1.0
    return Y
    ### END SOLUTION

# %%
check.one_hot(one_hot)

# %% [markdown]
# ## Question 5: the cross-entropy of a batch
# Write `cross_entropy(Y_hat, Y)`: the mean over the samples of $-\sum_k y_k \log \hat{y}_k$, for
# probabilities `Y_hat` and one-hot rows `Y`, both of shape (n_samples, n_classes). A probability can be
# exactly 0: clip the probabilities to at least `np.finfo(float).tiny` (the smallest positive normal
# float64, about 2.2e-308) before taking the natural logarithm, as the lesson does.

# %%
def cross_entropy(Y_hat, Y):
    ### BEGIN SOLUTION
    # log(0) is -inf: clip the probabilities to the smallest positive normal float.
    Y_hat = np.clip(Y_hat, np.finfo(float).tiny, 1.0)

    # Per row, only the true class's term survives the sum (Y is one-hot); minus it,
    # then the mean over the rows.
    return -np.mean(np.sum(Y * np.log(Y_hat), axis=1))
    ### END SOLUTION

# %%
check.cross_entropy(cross_entropy)

# %% [markdown]
# ## Question 6: one quarter for the true class
# A 4-class classifier gives the true class of a sample probability $1/4$ (the other three share the rest).
# What is the cross-entropy of this sample? Store the number in `loss_one_quarter`; 4 significant digits are
# enough (the check compares to 4).

# %%
### BEGIN SOLUTION
# The cross-entropy of one sample is -log of the true class's probability.
loss_one_quarter = -np.log(1 / 4)
### END SOLUTION

# %%
check.cross_entropy_at_one_quarter(loss_one_quarter)

# %% [markdown]
# ## Question 7: a batch with integer labels
# Three samples, three classes: the predicted probabilities `Y_hat_q7` and the true classes as integer
# labels `labels_q7`. What is the mean cross-entropy of the batch? Store the number in `batch_loss`; 4
# significant digits are enough (the check compares to 4). (Your functions from questions 4 and 5 may help.)

# %%
Y_hat_q7 = np.array([[0.1, 0.2, 0.7],
                     [0.6, 0.3, 0.1],
                     [0.25, 0.5, 0.25]])
labels_q7 = np.array([2, 1, 0])
### BEGIN SOLUTION
# Turn the integer labels into one-hot rows (question 4), then take the mean
# cross-entropy of the batch (question 5).
batch_loss = cross_entropy(Y_hat_q7, one_hot(labels_q7, 3))
### END SOLUTION

# %%
check.batch_loss_from_labels(batch_loss)

# %% [markdown]
# ## Question 8: log-sum-exp
# Write `log_sum_exp(U)`: for each row $\mathbf{u}$ of `U` (shape (n_samples, n_classes)), the number
# $\log \sum_k e^{u_k}$, computed without overflow or underflow. Return one number per sample: shape
# (n_samples,).

# %%
def log_sum_exp(U):
    ### BEGIN SOLUTION
    # Take out each row's largest logit m: log sum e^u = m + log sum e^(u - m), where
    # every exponent is at most 0 and the largest term is 1, so nothing overflows.
    m = U.max(axis=1, keepdims=True)
    return m[:, 0] + np.log(np.exp(U - m).sum(axis=1))
    ### END SOLUTION

# %%
check.log_sum_exp(log_sum_exp)

# %% [markdown]
# ## Question 9: the gradient, derived
# With the symbols `u1, u2, u3` (logits) and `y1, y2, y3` (a one-hot target) from the setup cell:
# 1. build the softmax denominator `S`, the list `y_hat` of the three softmax probabilities as SymPy
#    expressions, and the loss `L` $= -(y_1 \log \hat{y}_1 + y_2 \log \hat{y}_2 + y_3 \log \hat{y}_3)$;
# 2. differentiate $L$ with respect to $u_1$;
# 3. the target sums to 1: substitute $y_3 = 1 - y_1 - y_2$ and simplify.
#
# Store the result in `dL_du1`: an expression in `u1, u2, u3, y1` (every `y2` cancels). Any form equal to it
# when $y_1 + y_2 + y_3 = 1$ is accepted, but simplify it until you recognise it.

# %%
### BEGIN SOLUTION
# The softmax denominator, the three probabilities and the loss, as the question
# writes them.
S = sp.exp(u1) + sp.exp(u2) + sp.exp(u3)
y_hat = [sp.exp(u1) / S, sp.exp(u2) / S, sp.exp(u3) / S]
L = -(y1 * sp.log(y_hat[0]) + y2 * sp.log(y_hat[1]) + y3 * sp.log(y_hat[2]))

# Differentiate by u1; a one-hot target sums to 1, so y3 = 1 - y1 - y2, which lets
# simplify cancel it down to y_hat_1 - y1.
dL_du1 = sp.simplify(sp.diff(L, u1).subs(y3, 1 - y1 - y2))
### END SOLUTION

# %%
check.cross_entropy_derivative_u1(dL_du1)

# %% [markdown]
# ## Question 10: the gradient of a batch
# Write `softmax_cross_entropy_gradient(U, Y)`: the gradient of the mean cross-entropy of `softmax(U)`
# against the one-hot rows `Y` with respect to the logits `U`, an array of the shape of `U`. Question 9 gives
# one sample's gradient; remember that the batch loss is a mean over the n samples. Your `softmax` from
# question 1 may help.

# %%
def softmax_cross_entropy_gradient(U, Y):
    ### BEGIN SOLUTION
    # Each sample's gradient is y_hat - y (question 9); the batch loss is a mean over
    # the n rows, so each row's gradient is divided by n.
    return (softmax(U) - Y) / U.shape[0]
    ### END SOLUTION

# %%
check.softmax_cross_entropy_gradient(softmax_cross_entropy_gradient)

# %% [markdown]
# ## Question 11: two classes, one probability
# With two classes a network often outputs one number, $p = P(\text{class } 1)$, and the cross-entropy of a
# sample with label $y \in \{0, 1\}$ becomes the binary cross-entropy $-[y \log p + (1 - y) \log(1 - p)]$: the
# softmax cross-entropy of the two probabilities $(1 - p, p)$. A sample of class $y = 0$ gets $p = 0.8$. What is its
# loss? Store the number in `binary_loss`; 4 significant digits are enough.

# %%
### BEGIN SOLUTION
# Class 0 is the true class, with probability 1 - p = 0.2: the loss is -log 0.2.
binary_loss = -np.log(1 - 0.8)
### END SOLUTION

# %%
check.binary_cross_entropy_two_class(binary_loss)

# %% [markdown]
# ## Done?
# Every check above says ✔? Then you can turn logits into probabilities without overflow, encode labels,
# measure predictions with the cross-entropy without ever taking $\log 0$, and you have derived and
# implemented the gradient $(\hat{Y} - Y)/n$ that trains every classifier in this workbook. Next: lesson 5,
# backpropagation, which carries this gradient back through the network's layers.
