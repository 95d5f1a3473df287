from .evaluator import Evaluator
from .utils import collect_named_entities, conll_to_spans, list_to_spans, split_list
