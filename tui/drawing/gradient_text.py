"""A gradient check's report in a few lines, for the notice that answers `g`."""

from tui.snapshot import GradientReport


def gradient_text(report: GradientReport) -> str:
    """The gradient check in a few lines: the largest relative error, layer by layer, and on a
    big network how many of its parameters were checked.

    A layer whose comparison is undefined (weights too large to nudge, numbers that are not
    finite) says so and why; then no verdict on backprop can be given, and none is claimed.
    """
    # Lines short enough not to wrap in a notification, which would cut off the verdict.
    lines = [f"{report.unit.capitalize()} {report.step}: backprop against finite differences,"]
    checked = sum(check.parameters for check in report.layers)
    parameters = sum(check.in_layer for check in report.layers)
    if checked < parameters:  # a big network: a sample of each layer (see scratchnet.gradcheck)
        lines += [
            f"checked {checked:,} of {parameters:,} parameters,",
            "a random sample per layer;",
        ]
    lines.append("largest relative error per layer:")
    worst = 0.0
    problems = []
    for check in report.layers:
        name = "output" if check is report.layers[-1] else f"layer {check.layer + 1}"
        if check.problem is not None:
            lines.append(f"  {name}: undefined ({check.problem})")
            problems.append(check.problem)
            continue
        lines.append(f"  {name}: {check.max_error:.1e}")
        worst = max(worst, check.max_error) if check.max_error == check.max_error else 1.0
    if problems:
        verdict = "UNDEFINED: no verdict on backprop where the numbers cannot be compared"
    else:
        verdict = "backprop is exact" if worst < 1e-5 else "MISMATCH: a gradient is wrong"
    lines.append(verdict)
    return "\n".join(lines)
