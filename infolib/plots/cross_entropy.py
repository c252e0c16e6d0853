"""Figures of the chapter "Cross entropy"."""
from __future__ import annotations

import functools

import numpy as np

from ..classifier import TwoGaussianClasses, train_logistic
from ..coding import expected_code_length, measured_code_length, shannon_code_lengths
from ..discrete import cross_entropy, entropy, kl_divergence
from .._validate import as_count, as_pmf, as_scalar, check_same_shape
from ._base import GPS_COLOR, MUTED, SPEED_COLOR, new_figure, reusable, set_dynamic

__all__ = ["skewed_pmf", "cross_entropy_bars", "coding_cost", "classifier_training"]

P_COLOR = SPEED_COLOR   # the data's pmf p, and H(p)
Q_COLOR = GPS_COLOR     # the model q, and D_KL(p‖q)
CODE_COLOR = "#555555"
_SYMBOLS = "abcdefgh"
_SKEW_RANGE = 2.0


def skewed_pmf(skew, n=4):
    """A pmf over ``n`` symbols with weights ``exp(-skew · k)``, ``k = 0, …, n-1``.

    ``skew = 0`` is uniform, a positive skew favours the first symbols and a
    negative one the last.

    Parameters
    ----------
    skew : float
        How strongly the pmf leans towards one end.
    n : int, default 4
        Number of symbols (≥ 1).

    Returns
    -------
    numpy.ndarray
        The pmf, shape ``(n,)``.

    Examples
    --------
    >>> skewed_pmf(0.0).tolist()
    [0.25, 0.25, 0.25, 0.25]
    >>> bool(np.allclose(skewed_pmf(-1.0), skewed_pmf(1.0)[::-1]))
    True
    """
    skew = as_scalar(skew, "skew")
    n = as_count(n, "n", minimum=1)
    logits = -skew * np.arange(n)
    w = np.exp(logits - logits.max())  # the largest weight is 1: no overflow for large skews
    return w / w.sum()


@functools.lru_cache(maxsize=4)
def _largest_cross_entropy(n):
    p, q = skewed_pmf(_SKEW_RANGE, n), skewed_pmf(-_SKEW_RANGE, n)
    return cross_entropy(p, q) + 1.0


def cross_entropy_bars(p_skew=1.0, q_skew=0.0, *, n=4, fig=None):
    """p and q as bars, and H(p, q) = H(p) + D_KL(p‖q) as a stacked bar.

    Left, the data's pmf ``p`` and the model's ``q`` over ``n`` symbols
    (:func:`skewed_pmf`), with the length of each symbol's codeword in the
    Shannon code built for ``q``.  Right, a stacked bar ``H(p)`` + ``D_KL(p‖q)``,
    whose height is the cross entropy ``H(p, q)``, beside the expected length
    of that code on data from ``p``, which lies within one bit above it.

    Parameters
    ----------
    p_skew, q_skew : float
        Skews of ``p`` and ``q`` (0 is uniform).
    n : int, default 4
        Number of symbols.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Examples
    --------
    Two uniform pmfs over four symbols: the code is exact, so H(p, q) = H(p) = 2 bits.

    >>> fig = cross_entropy_bars(p_skew=0.0, q_skew=0.0)
    >>> fig.infobook_alt.split("Right: ")[1].split(", beside")[0]
    'a stacked bar of H(p) = 2.00 bits plus D_KL(p‖q) = 0.00 bits, total H(p, q) = 2.00 bits'
    """
    p, q = skewed_pmf(p_skew, n), skewed_pmf(q_skew, n)
    h, kl, ce = entropy(p), kl_divergence(p, q), cross_entropy(p, q)
    lengths = shannon_code_lengths(q)
    code = expected_code_length(p, lengths)
    x = np.arange(n)

    art = reusable(fig, "cross_entropy_bars")
    if art is None:
        fig = new_figure("cross_entropy_bars", 8.0, 3.4, left=0.08, right=0.98, bottom=0.13,
                         top=0.86, wspace=0.25)
        art = fig.infobook_artists
        ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
        art["p"] = ax1.bar(x - 0.2, p, width=0.4, color=P_COLOR, label="p (the data)")
        art["q"] = ax1.bar(x + 0.2, q, width=0.4, color=Q_COLOR, label="q (the model)")
        ax1.set(xticks=x, xticklabels=list(_SYMBOLS[:n]), ylim=(0, 1.18), ylabel="probability",
                xlabel="symbol   (above q: its codeword length in the code built for q)")
        ax1.xaxis.label.set_size(8)
        ax1.legend(loc="upper right", fontsize=8, frameon=False, ncol=2)
        art["len"] = [ax1.text(i + 0.2, 0, "", ha="center", va="bottom", fontsize=8,
                               color=CODE_COLOR) for i in range(n)]
        top = _largest_cross_entropy(n)
        art["h"] = ax2.bar([0], [h], width=0.55, color=P_COLOR, label="H(p)")
        art["kl"] = ax2.bar([0], [kl], bottom=[h], width=0.55, color=Q_COLOR, hatch="//",
                            edgecolor="white", label="D_KL(p‖q)")
        art["code"] = ax2.bar([1], [code], width=0.55, color=MUTED, label="code for q")
        ax2.set(xticks=[0, 1], xticklabels=["H(p, q)", "Shannon code\nbuilt for q"], xlim=(-0.5, 2.6),
                ylim=(0, top), ylabel="bits per symbol")
        ax2.legend(loc="upper right", fontsize=8, frameon=False, handlelength=1.2)
        art["ce_text"] = ax2.text(0, 0, "", ha="center", va="bottom", fontsize=9)
        art["code_text"] = ax2.text(1, 0, "", ha="center", va="bottom", fontsize=9)
        art["title"] = fig.suptitle("", fontsize=11)
        # what a redraw draws over the cached rest (the bottom spines cover the bars' feet)
        art["dynamic"] = [*art["p"], *art["q"], art["h"][0], art["kl"][0], art["code"][0],
                          ax1.spines["bottom"], ax2.spines["bottom"], *art["len"], art["ce_text"],
                          art["code_text"], art["title"]]
        set_dynamic(fig, art["dynamic"])
    else:
        for bar, v in zip(art["p"], p):
            bar.set_height(v)
        for bar, v in zip(art["q"], q):
            bar.set_height(v)
        art["h"][0].set_height(h)
        art["kl"][0].set_y(h)
        art["kl"][0].set_height(kl)
        art["code"][0].set_height(code)
    for txt, qi, li in zip(art["len"], q, lengths):
        txt.set_y(qi + 0.01)
        txt.set_text(f"{li:.0f}")
    art["ce_text"].set_y(ce)
    art["ce_text"].set_text(f"{ce:.2f}")
    art["code_text"].set_y(code)
    art["code_text"].set_text(f"{code:.2f}")
    art["title"].set_text(f"H(p) {h:.2f} + D_KL(p‖q) {kl:.2f} = H(p, q) {ce:.2f} bits;  "
                          f"a code built for q costs {code:.2f}")
    fig.infobook_alt = (
        f"Left: bars of p = ({', '.join(f'{v:.2f}' for v in p)}) and q = "
        f"({', '.join(f'{v:.2f}' for v in q)}) over {n} symbols; the Shannon code for q gives them "
        f"codewords of {', '.join(f'{v:.0f}' for v in lengths)} bits. Right: a stacked bar of "
        f"H(p) = {h:.2f} bits plus D_KL(p‖q) = {kl:.2f} bits, total H(p, q) = {ce:.2f} bits, beside the "
        f"expected length of the code for q on data from p, {code:.2f} bits."
    )
    return fig


def coding_cost(p, q, *, n=20_000, points=11, seed=0, fig=None):
    """Bits per symbol of codes built for models between ``p`` and ``q``, on data from ``p``.

    The model moves along ``q_λ = (1 - λ) p + λ q`` for ``λ`` from 0 to 1.  For
    each model the figure shows the cross entropy ``H(p, q_λ)`` (a line, with
    the band up to one bit above it) and the average length measured on ``n``
    symbols drawn from ``p`` with the Shannon and the Huffman code built for
    ``q_λ`` (markers).  ``H(p)`` is the floor no code can beat on average.

    Parameters
    ----------
    p, q : array_like, 1-D
        The data's pmf and the far end of the models (same length).
    n : int
        Symbols drawn from ``p`` for each measurement (the same seeded draw for
        every model).
    points : int
        Number of models measured (≥ 2).
    seed : int
        Seed of the draw.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Examples
    --------
    >>> fig = coding_cost([0.5, 0.25, 0.25], [1/3, 1/3, 1/3], n=2000, points=3)
    >>> fig.infobook_alt[:60]
    'As the model moves from p (λ = 0) to q (λ = 1), the cross en'
    """
    p, q = as_pmf(p, "p", ndim=1), as_pmf(q, "q", ndim=1)
    check_same_shape(p, q, "p", "q")
    points = as_count(points, "points", minimum=2)
    fine = np.linspace(0.0, 1.0, 201)
    ce = np.array([cross_entropy(p, (1 - t) * p + t * q) for t in fine])
    lam = np.linspace(0.0, 1.0, points)
    models = [(1 - t) * p + t * q for t in lam]
    shannon = [measured_code_length(p, m, n=n, code="shannon", seed=seed) for m in models]
    huffman = [measured_code_length(p, m, n=n, code="huffman", seed=seed) for m in models]
    h = entropy(p)

    fig = new_figure("coding_cost", 7.0, 3.4, left=0.09, right=0.98, bottom=0.14, top=0.90)
    ax = fig.subplots()
    ax.fill_between(fine, ce, ce + 1, color=Q_COLOR, alpha=0.15, lw=0,
                    label="H(p, q) to H(p, q) + 1")
    ax.plot(fine, ce, color=Q_COLOR, lw=2, label="cross entropy H(p, q)")
    ax.axhline(h, color=P_COLOR, ls="--", lw=1.2, label="entropy H(p)")
    ax.plot(lam, shannon, "o", color="k", ms=5, label="Shannon code for q, measured")
    ax.plot(lam, huffman, "s", color=MUTED, ms=5, mfc="white", label="Huffman code for q, measured")
    ax.set(xlim=(-0.02, 1.02), ylim=(0, 1.25 * float(ce.max() + 1)),
           xlabel="λ   (the code is built for the model q_λ = (1 − λ) p + λ q)", ylabel="bits per symbol")
    ax.set_title(f"codes built for the model, measured on {n} symbols drawn from p", fontsize=10)
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncol=2)
    ce_at = np.array([cross_entropy(p, m) for m in models])
    inside = bool(np.all((ce_at <= np.array(shannon)) & (np.array(shannon) < ce_at + 1)))
    fig.infobook_alt = (
        f"As the model moves from p (λ = 0) to q (λ = 1), the cross entropy rises from "
        f"H(p) = {h:.2f} to {ce[-1]:.2f} bits per symbol. The measured average length of the Shannon "
        f"code built for the model rises from {shannon[0]:.2f} to {shannon[-1]:.2f} bits, "
        + ("inside" if inside else "mostly inside")
        + f" the band from H(p, q) to one bit above; the Huffman code's from {huffman[0]:.2f} to "
        f"{huffman[-1]:.2f} bits."
    )
    return fig


@functools.lru_cache(maxsize=8)
def _training(separation, prior, n, steps, learning_rate, seed):
    scn = TwoGaussianClasses(separation=separation, prior=prior)
    x, y = scn.sample(n, seed=seed)
    run = train_logistic(x, y, steps=steps, learning_rate=learning_rate)
    return scn, x, y, run, scn.cross_entropy(run.weights, run.biases)


def classifier_training(separation=2.0, prior=0.5, *, n=500, steps=300, learning_rate=0.1, seed=0,
                        fig=None):
    """A logistic regression's cross entropy approaching H(Y|X), and the bound on I(X;Y) it gives.

    Left, the training data of :class:`~infolib.TwoGaussianClasses`.  Middle,
    the cross entropy along gradient descent: on the training data and its
    exact expectation over the scenario, which stays above ``H(Y | X)``.
    Right, the Barber–Agakov bound ``H(Y) - cross entropy`` rising towards the
    true ``I(X; Y)``.

    Parameters
    ----------
    separation, prior : float
        The scenario (distance between the class means in standard deviations,
        and ``P(Y = 1)``).
    n : int
        Number of training examples.
    steps : int
        Gradient steps.
    learning_rate : float
        Step size (small, so that the approach is visible).
    seed : int
        Seed of the training sample.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Examples
    --------
    >>> fig = classifier_training(n=200, steps=50)
    >>> len(fig.axes), fig.infobook_alt[:34]
    (3, 'Left: 200 training points of two o')
    """
    scn, x, y, run, population = _training(float(separation), float(prior), int(n), int(steps),
                                           float(learning_rate), int(seed))
    h_y, h_yx, mi = scn.entropy_y(), scn.conditional_entropy(), scn.mutual_information()
    bound = h_y - population
    t = run.steps

    art = reusable(fig, "classifier_training")
    if art is None:
        fig = new_figure("classifier_training", 8.4, 3.3, left=0.06, right=0.97, bottom=0.15,
                         top=0.82, wspace=0.36)
        art = fig.infobook_artists
        ax0, ax1, ax2 = fig.subplots(1, 3, gridspec_kw={"width_ratios": [0.8, 1, 1]})
        ax0.set(xlim=(-4.5, 4.5), ylim=(-4.5, 4.5), xlabel="x₁", ylabel="x₂")
        ax0.set_aspect("equal", adjustable="box")
        ax0.set_title("training data", fontsize=10)
        art["y0"] = ax0.scatter([], [], s=5, color=P_COLOR, alpha=0.6, linewidths=0, label="y = 0")
        art["y1"] = ax0.scatter([], [], s=5, color=Q_COLOR, alpha=0.6, linewidths=0, label="y = 1")
        art["boundary"], = ax0.plot([], [], color="k", lw=1.2, label="learned boundary")
        ax0.legend(loc="upper left", fontsize=7, frameon=True, markerscale=2, handlelength=1.0,
                   borderpad=0.3, labelspacing=0.2)
        art["train"], = ax1.plot(t, run.cross_entropy, color=MUTED, lw=1.2, label="on the training data")
        art["pop"], = ax1.plot(t, population, color=Q_COLOR, lw=1.8, label="expected (exact)")
        art["hy"] = ax1.axhline(h_y, color="k", ls=":", lw=1, label="H(Y)")
        art["hyx"] = ax1.axhline(h_yx, color=P_COLOR, ls="--", lw=1.2, label="H(Y|X)")
        ax1.set(xlabel="gradient steps", ylabel="cross entropy (bits)")
        ax1.set_title("cross entropy falls to H(Y|X)", fontsize=10)
        ax1.legend(loc="upper right", fontsize=7, frameon=False, ncol=2)
        art["bound"], = ax2.plot(t, bound, color=Q_COLOR, lw=1.8, label="H(Y) − cross entropy")
        art["mi"] = ax2.axhline(mi, color=P_COLOR, ls="--", lw=1.2, label="true I(X;Y)")
        ax2.set(xlabel="gradient steps", ylabel="bits")
        ax2.set_title("the bound on I(X;Y) tightens", fontsize=10)
        ax2.legend(loc="lower right", fontsize=7, frameon=False)
        art["title"] = fig.suptitle("", fontsize=11)
        art["axes"] = (ax0, ax1, ax2)
    else:
        art["train"].set_data(t, run.cross_entropy)
        art["pop"].set_data(t, population)
        art["bound"].set_data(t, bound)
        for key, v in (("hy", h_y), ("hyx", h_yx), ("mi", mi)):
            art[key].set_ydata([v, v])
    ax0, ax1, ax2 = art["axes"]
    art["y0"].set_offsets(x[y == 0, :2])
    art["y1"].set_offsets(x[y == 1, :2])
    w, b = run.w, run.b
    xs = np.array([-4.5, 4.5])
    if abs(w[1]) > 1e-12:  # w·x + b = 0 in the plane of the first two features
        art["boundary"].set_data(xs, -(b + w[0] * xs) / w[1])
    else:
        art["boundary"].set_data([], [])
    ax1.set(xlim=(0, t[-1]), ylim=(0, 1.3 * max(1.0, float(run.cross_entropy.max()))))
    ax2.set(xlim=(0, t[-1]), ylim=(min(0.0, 1.1 * float(bound.min())), 1.15 * max(mi, 0.05)))
    art["title"].set_text(
        f"after {t[-1]} steps: cross entropy {population[-1]:.3f} bits (H(Y|X) = {h_yx:.3f}),  "
        f"bound {bound[-1]:.3f} bits (I(X;Y) = {mi:.3f})")
    fig.infobook_alt = (
        f"Left: {len(y)} training points of two overlapping Gaussian classes (separation "
        f"{separation:g} standard deviations) and the logistic-regression boundary learned. Middle: "
        f"the cross entropy during {t[-1]} gradient steps falls from {population[0]:.2f} bits towards "
        f"H(Y|X) = {h_yx:.3f} bits, staying above it, ending at {population[-1]:.3f} bits (exact "
        f"expectation) and {run.cross_entropy[-1]:.3f} bits on the training data. Right: the "
        f"Barber–Agakov bound H(Y) minus the cross entropy rises from {bound[0]:.2f} to "
        f"{bound[-1]:.3f} bits, below the true mutual information {mi:.3f} bits."
    )
    return fig
