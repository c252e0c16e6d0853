"""Estimating entropy and mutual information from samples, one module per family.

Four families of estimators, from the simplest to the most data-efficient:

* **plug-in** (discrete samples): count, divide by ``N``, and apply the
  formula of the exact measure to the empirical distribution —
  :func:`plugin_entropy`, :func:`plugin_mutual_information`, optionally with
  the Miller–Madow bias correction;
* **binned** (continuous samples): cut each variable into equal-width bins
  and apply the plug-in estimator — :func:`binned_mutual_information`;
* **KSG** (continuous samples): the k-nearest-neighbour estimator of
  Kraskov, Stögbauer and Grassberger — :func:`ksg_mutual_information`;
* **InfoNCE** (a critic scoring pairs): the contrastive lower bound —
  :func:`infonce`, which can never exceed :func:`infonce_upper_bound`
  ``= log N``.

Shared conventions: results are in **bits** by default, ``base=None`` gives
nats (as in :func:`scipy.stats.entropy`); samples are paired by position
(``x[i]`` goes with ``y[i]``); every function raises a ``ValueError`` naming
the argument for fewer than 2 samples, mismatched lengths or non-finite
samples.  Estimates are returned raw: a bias-corrected or KSG estimate can be
slightly negative when the true value is near 0.

Modules: :mod:`~infolib.estimators.counts` (counts and plug-in, binning),
:mod:`~infolib.estimators.neighbours` (k nearest neighbours),
:mod:`~infolib.estimators.variational` (InfoNCE),
:mod:`~infolib.estimators.significance` (the permutation test).
"""

from .counts import (binned_mutual_information, contingency_counts,
                     plugin_conditional_mutual_information, plugin_entropy,
                     plugin_mutual_information)
from .neighbours import knn_entropy, ksg_conditional_mutual_information, ksg_mutual_information
from .significance import PermutationTest, permutation_test
from .variational import infonce, infonce_upper_bound

__all__ = [
    "plugin_entropy",
    "plugin_mutual_information",
    "plugin_conditional_mutual_information",
    "contingency_counts",
    "binned_mutual_information",
    "ksg_mutual_information",
    "knn_entropy",
    "ksg_conditional_mutual_information",
    "permutation_test",
    "PermutationTest",
    "infonce",
    "infonce_upper_bound",
]
