"""Pages of a list, the same way everywhere: a paginator that is told the count it already knows, the
page asked for (the last one when asked beyond it), and the links of the pagination include."""

from django.core.paginator import EmptyPage, Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A paginator given the number of results (counted already, or cached) instead of counting again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        """The count given at construction."""
        return self._known_count


def page_or_last(paginator, number):
    """The page `number`, or the last one when it lies beyond."""
    try:
        return paginator.page(number)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def page_links(page, url_for):
    """Links for the pagination include: (number, url), with url None for an ellipsis."""
    return {
        "links": [
            (n, url_for(n) if isinstance(n, int) else None)
            for n in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ],
        "prev_url": url_for(page.number - 1) if page.has_previous() else "",
        "next_url": url_for(page.number + 1) if page.has_next() else "",
    }
