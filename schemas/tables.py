"""Every table's contract, by name: its pandera model and the pyarrow schema derived from it.

TABLES["quotes"].model          # the pandera DataFrameModel (schemas/quotes.py)
TABLES["quotes"].arrow_schema   # the Parquet schema written for it
"""

from .articles import Articles
from .contract import TableContract
from .mentions import Mentions
from .organizations import Organizations
from .people import People
from .quotes import Quotes
from .rejects import Rejects
from .vocab import Table

_MODELS = {
    Table.ARTICLES: Articles,
    Table.PEOPLE: People,
    Table.ORGANIZATIONS: Organizations,
    Table.QUOTES: Quotes,
    Table.MENTIONS: Mentions,
    Table.REJECTS: Rejects,
}

#: every table's contract, in `Table` order
TABLES: dict[str, TableContract] = {t.value: TableContract(t.value, _MODELS[t]) for t in Table}
