"""The método de cálculo as an expression over named variables: «(A / B) * 100»,
«((VA_2025 / VA_2024) - 1) * 100». Parsed with Python's own parser into a tree that is checked
node by node (numbers, variable names, + - * /, unary minus, parentheses; nothing else) and
evaluated here, never with `eval`. Errors name the problem and the place."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MAX_LENGTH = 500
MAX_NODES = 200
OPERATORS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class ExpressionError(ValueError):
    """The expression cannot be read or computed; the message says why and where. `code` and
    `params` let the interface say it in the user's language."""

    def __init__(self, message: str, code: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Expression:
    text: str
    tree: ast.expr
    variables: tuple[str, ...]  # in order of first appearance

    def evaluate(self, values: Mapping[str, float | None]) -> float:
        """The value for these variable values. ExpressionError when a variable has no value or
        a division by zero happens."""
        missing = [name for name in self.variables if values.get(name) is None]
        if missing:
            raise ExpressionError(
                f"no value for {', '.join(missing)} in «{self.text}»",
                "missing_variable",
                names=", ".join(missing),
                expression=self.text,
            )
        result = _compute(self.tree, values, self.text)
        if not math.isfinite(result):
            raise ExpressionError(
                f"«{self.text}» gives a number too large to use", "not_finite", expression=self.text
            )
        return result


def parse(text: str) -> Expression:
    """Read an expression; ExpressionError with the reason when it is not one we compute."""
    text = (text or "").strip()
    if not text:
        raise ExpressionError("the formula is empty", "empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the formula is longer than {MAX_LENGTH} characters", "too_long", limit=str(MAX_LENGTH)
        )
    # «×» and «÷» as people write them; a decimal comma inside a number is not supported.
    source = text.replace("×", "*").replace("÷", "/").replace("−", "-")
    try:
        tree = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        column = ((getattr(exc, "offset", None) or 1) - 1) if isinstance(exc, SyntaxError) else 0
        raise ExpressionError(
            f"cannot read the formula «{text}» at character {column + 1}",
            "syntax",
            expression=text,
            column=str(column + 1),
        ) from None
    names: list[str] = []
    for count, node in enumerate(ast.walk(tree), start=1):
        if count > MAX_NODES:
            raise ExpressionError(f"the formula «{text}» is too long", "too_long", limit="")
        if isinstance(node, ast.Name):
            if node.id not in names:
                names.append(node.id)
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, (int, float)) or isinstance(node.value, bool):
                raise _not_allowed(text, repr(node.value))
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in OPERATORS:
                raise _not_allowed(text, _symbol(node.op))
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise _not_allowed(text, _symbol(node.op))
        elif not isinstance(node, (ast.Load, ast.operator, ast.unaryop)):
            raise _not_allowed(text, ast.unparse(node) if isinstance(node, ast.expr) else "")
    return Expression(text, tree, tuple(names))


def _compute(node: ast.expr, values: Mapping[str, float | None], text: str) -> float:
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (int, float))  # parse() admits no other constant
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(values[node.id])  # type: ignore[arg-type]
    if isinstance(node, ast.UnaryOp):
        operand = _compute(node.operand, values, text)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left = _compute(node.left, values, text)
        right = _compute(node.right, values, text)
        if isinstance(node.op, ast.Div) and right == 0:
            divisor = ast.unparse(node.right)
            raise ExpressionError(
                f"division by zero in «{text}»: {divisor} is 0",
                "division_by_zero",
                expression=text,
                divisor=divisor,
            )
        return OPERATORS[type(node.op)](left, right)
    raise _not_allowed(text, ast.unparse(node))  # pragma: no cover - parse() refuses it


def _not_allowed(text: str, what: str) -> ExpressionError:
    return ExpressionError(
        f"«{what}» is not allowed in a formula («{text}»): use numbers, variable names, "
        "+ - * / and parentheses",
        "not_allowed",
        what=what,
        expression=text,
    )


def _symbol(op: ast.AST) -> str:
    return {
        ast.Pow: "**",
        ast.Mod: "%",
        ast.FloorDiv: "//",
        ast.MatMult: "@",
        ast.BitAnd: "&",
        ast.BitOr: "|",
        ast.BitXor: "^",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.Invert: "~",
        ast.Not: "not",
    }.get(type(op), type(op).__name__)
