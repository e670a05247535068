"""What the catalogue keeps in the database of its own: the last facet index built."""

from django.db import models


class KeptIndex(models.Model):
    """The last built facet index, as the shared cache holds it, kept where a fresh process and a restarted
    cache still find it: served (one build behind) until the current generation's is built."""

    name = models.CharField(max_length=40, unique=True)
    format = models.PositiveSmallIntegerField()  # of the blob: one of another shape is not read
    generation = models.CharField(max_length=64)
    built_at = models.DateTimeField()
    blob = models.BinaryField()

    def __str__(self):
        return f"{self.name} ({self.built_at:%Y-%m-%d %H:%M})"
