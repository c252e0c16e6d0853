"""infolib: the information-theory measures, plots and widgets behind infobook.

Measures (bits by default; ``base=`` as in ``scipy.stats.entropy``, ``None`` for nats):

- discrete: :func:`entropy`, :func:`joint_entropy`, :func:`conditional_entropy`,
  :func:`mutual_information`, :func:`conditional_mutual_information`, :func:`kl_divergence`, :func:`cross_entropy`,
  :func:`js_divergence`, :func:`pointwise_mutual_information`, :func:`marginals`;
- Gaussian closed forms: :func:`gaussian_entropy`, :func:`gaussian_mutual_information`,
  :func:`gaussian_kl_divergence`;
- estimators from samples: :func:`plugin_entropy`, :func:`plugin_mutual_information`,
  :func:`plugin_conditional_mutual_information`, :func:`binned_mutual_information`,
  :func:`knn_entropy`, :func:`ksg_mutual_information`,
  :func:`ksg_conditional_mutual_information`, :func:`infonce`, and the
  :func:`permutation_test`;
- importance sampling: :func:`importance_sampling`, :func:`effective_sample_size`,
  :func:`kl_from_samples`, :func:`sample_size_law`, :func:`mi_from_log_densities`;
- the book's running example: :class:`Car`.

The modules :mod:`infolib.plots`, :mod:`infolib.widgets` and
:mod:`infolib.exercises` serve the chapters; bad input raises a ``ValueError``
that names the argument and the problem.
"""
from .discrete import (
    conditional_entropy,
    conditional_mutual_information,
    cross_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    marginals,
    mutual_information,
    pointwise_mutual_information,
)
from .gaussian import gaussian_entropy, gaussian_kl_divergence, gaussian_mutual_information
from .mixtures import (GaussianFit, GaussianMixture, ReverseKLFit, fit_gaussian_forward_kl,
                       fit_gaussian_reverse_kl, mixture_kl_divergence,
                       mixture_kl_monte_carlo)
from .continuous import (gaussian_cell_probabilities, gaussian_pair_cell_probabilities,
                         question_counts, quantized_gaussian_entropy)
from .scenarios import Car, CarReadings
from .estimators import (PermutationTest, binned_mutual_information, contingency_counts,
                         infonce, infonce_upper_bound, knn_entropy,
                         ksg_conditional_mutual_information, ksg_mutual_information,
                         permutation_test, plugin_conditional_mutual_information,
                         plugin_entropy, plugin_mutual_information)
from .sampling import (SampleSizeSearch, effective_sample_size, gaussian_log_weight_sampler,
                       gaussian_pair_log_weights, gaussian_pair_pmi, importance_sampling,
                       kl_from_samples, log_importance_weights, mi_from_log_densities,
                       normalized_weights, sample_size_law, samples_needed)
from .mid import (ENSEMBLES, MIDFit, ModelNeuron, NeuronRecording, cosine_similarity, fit_mid,
                  info_per_spike, model_filter, simulate_neuron, spike_triggered_average,
                  stimulus_ensemble)
from .coding import (code_lengths, expected_code_length, huffman_code_lengths, measured_code_length,
                     shannon_code_lengths)
from .classifier import (TrainingRun, TwoGaussianClasses, barber_agakov_bound,
                         conditional_cross_entropy, logistic_gradient, logistic_loss, train_logistic)
from . import exercises

__version__ = "0.4.0"

__all__ = [
    "entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "conditional_mutual_information",
    "kl_divergence",
    "cross_entropy",
    "js_divergence",
    "pointwise_mutual_information",
    "marginals",
    "gaussian_entropy",
    "gaussian_mutual_information",
    "gaussian_kl_divergence",
    "GaussianMixture",
    "GaussianFit",
    "ReverseKLFit",
    "mixture_kl_divergence",
    "mixture_kl_monte_carlo",
    "fit_gaussian_forward_kl",
    "fit_gaussian_reverse_kl",
    "question_counts",
    "huffman_code_lengths",
    "gaussian_cell_probabilities",
    "quantized_gaussian_entropy",
    "gaussian_pair_cell_probabilities",
    "Car",
    "CarReadings",
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
    "log_importance_weights",
    "normalized_weights",
    "importance_sampling",
    "effective_sample_size",
    "kl_from_samples",
    "sample_size_law",
    "samples_needed",
    "SampleSizeSearch",
    "gaussian_log_weight_sampler",
    "mi_from_log_densities",
    "gaussian_pair_log_weights",
    "gaussian_pair_pmi",
    "ENSEMBLES",
    "model_filter",
    "stimulus_ensemble",
    "ModelNeuron",
    "NeuronRecording",
    "simulate_neuron",
    "spike_triggered_average",
    "info_per_spike",
    "fit_mid",
    "MIDFit",
    "cosine_similarity",
    "shannon_code_lengths",
    "code_lengths",
    "expected_code_length",
    "measured_code_length",
    "TwoGaussianClasses",
    "TrainingRun",
    "logistic_loss",
    "logistic_gradient",
    "train_logistic",
    "conditional_cross_entropy",
    "barber_agakov_bound",
]
