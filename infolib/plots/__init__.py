"""Pure plotting functions: parameters in, a matplotlib ``Figure`` out.

One module per topic; every public function is re-exported here, so a chapter
writes ``plots.car_readings(...)``.  The conventions every plot follows (reuse
of ``fig``, alt text, plain text for what changes) are in :mod:`._base`.
Figures are made with ``matplotlib.figure.Figure`` (not pyplot), so nothing is
shown unless a caller displays it and no global state is touched.
"""
from ._base import GPS_COLOR, MUTED, SPEED_COLOR
from .car import car_readings
from .sampling import (gaussian_weight_moments, importance_sampling_explorer, importance_sampling_runs,
                       infonce_ceiling, infonce_rows, sample_size_figure, sample_size_rows,
                       gaussian_weighted_moment, self_normalised_bias_rows, ess_rows,
                       optimal_proposal_rows, pair_sample_size_rows, tail_proposal, unbiasedness_rows,
                       variance_sample_count)
from .cross_entropy import classifier_training, coding_cost, cross_entropy_bars, skewed_pmf
from .kl import car_pmi_maps, divergences_vs_shift, kl_gaussian_fit
from .estimation import (batched_binned_mi, bootstrap_rmse, estimator_errors, estimator_study,
                         gaussian_pair_replicates, gaussian_to_cauchy, heavy_tail_binning_rows,
                         plugin_bias)
from .definitions import (JOINT_PRESETS, information_numbers, joint_information, joint_preset,
                          quantized_gaussian, surprisal_and_entropy)
from .mid import (RF_ENSEMBLES, RF_FRAMES, RF_THRESHOLDS, RFEstimates, dependence_data,
                  dependence_examples, mid_convergence, mid_convergence_rows,
                  mid_selection_rows, receptive_field_estimates, receptive_field_grid,
                  receptive_fields, sta_pooled_cosines, stimulus_examples,
                  symmetric_neuron_rows)
