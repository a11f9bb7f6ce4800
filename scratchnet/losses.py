"""The loss: one number that says how wrong a prediction is.

Square loss is the tutorial's: the squared distance between prediction and target.
"""


def square_loss(predict: float, target: float) -> float:
    """(predict - target)², zero when the prediction is exactly right."""
    return (predict - target) ** 2


def square_loss_derivative(predict: float, target: float) -> float:
    """How the loss changes when the prediction moves a little: 2 * (predict - target)."""
    return 2 * (predict - target)
