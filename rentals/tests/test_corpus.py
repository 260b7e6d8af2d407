"""The whole corpus, as a manager who only pastes the URL: default (empty) config, every extractor.

Targets (issue: scraping the real web): recall >= 0.95, precision >= 0.98, field accuracy >= 0.90
over all pages, and at least 20 pages from at least 10 platforms.
"""

import pytest

from rentals.tests import corpus_support


def _totals(scores):
    labelled = sum(score.labelled for score in scores)
    found = sum(score.found for score in scores)
    matched = sum(score.matched for score in scores)
    fields_labelled = sum(score.fields_labelled for score in scores)
    fields_right = sum(score.fields_right for score in scores)
    return matched / labelled, matched / found, fields_right / fields_labelled


def test_the_corpus_is_broad_enough_to_mean_something():
    pages = [corpus_support.load_page(name) for name in corpus_support.page_names()]
    platforms = {page.platform for page in pages if page.platform}
    assert len(pages) >= 20
    assert len(platforms) >= 10
    assert sum(len(page.labels) for page in pages) >= 120


def test_recall_precision_and_field_accuracy_meet_their_targets_with_no_configuration():
    scores = [corpus_support.score(name) for name in corpus_support.page_names()]

    recall, precision, field_accuracy = _totals(scores)

    explained = "\n".join(score.explain() for score in scores if not score.perfect)
    assert recall >= 0.95, explained
    assert precision >= 0.98, explained
    assert field_accuracy >= 0.90, explained


@pytest.mark.parametrize("name", corpus_support.page_names())
def test_a_page_gives_exactly_its_labelled_rentals(name):
    score = corpus_support.score(name)

    assert score.perfect, score.explain()


@pytest.mark.parametrize(
    "name", [name for name in corpus_support.page_names() if corpus_support.load_page(name).platform]
)
def test_its_platform_preset_alone_finds_exactly_the_labelled_rentals(name):
    page = corpus_support.load_page(name)

    score = corpus_support.score_page(page, corpus_support.preset_listings(page))

    assert score.perfect, score.explain()
