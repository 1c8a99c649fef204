"""Pure NLP and detection stages over batches. No database code lives here.

- ``nlp.enrich``: which posts are complaints, about which service, what symptom, from where.
- ``nlp.detect``: burst scores of report counts against each service's normal.
- ``nlp.incidents``: problem reports grouped into outage incidents.
"""
