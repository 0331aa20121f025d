"""The stance of a claim the report chose to make but whose wording the rule reader finds no side in.

A kept claim (tools.claims.extract: a judgement, a movement or a forward figure) that reads neutral takes the
side its report argues with its rating (`tools.claims.stance.report_outlook`): a broker states what supports
its call. A held level (持平, 保持稳定, a flat direction) stays neutral: the level is the claim. The same rule
already lends the outlook to a bare forecast figure (`stance_of(…, forecast=True)`); here it reaches every kept
claim, after selection, so that which sentences are claims stays the rule reader's call.

Measured, not tuned: on the dev claims of each batch of labelled cases, read by the code as it stood before the
batch was written, this took 218 of 265 to 223 (scripts/stance_data.py; evals/stance/README.md).
"""

from __future__ import annotations

from tools.claims.model import Claim
from tools.claims.stance import LEVEL, MODEL_SCOPE
from tools.claims.stance_context import argues_nothing


def with_outlook(claim: Claim, outlook: str = "positive") -> Claim:
    """The claim, its neutral stance replaced by the report's outlook unless it states a held level, a note on the
    model's scope, or anything else that argues nothing (a description, an assumption, an open question, guidance
    restated: tools.claims.stance_context)."""
    if claim.stance != "neutral" or outlook == "neutral" or claim.direction == "flat" or LEVEL.search(claim.text) \
            or MODEL_SCOPE.search(claim.text) or argues_nothing(claim.text):
        return claim
    return claim.model_copy(update={"stance": outlook})
