from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublishedVersionError(Exception):
    """A published version of a guidance document never changes again."""


class GuidanceDocument(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("samenvatting"), max_length=500, blank=True)
    themes = models.ManyToManyField("practices.Theme", verbose_name=_("thema's"), blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reden van intrekking"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("handreiking")
        verbose_name_plural = _("handreikingen")
        ordering = ["title"]
        permissions = [("edit_guidance", _("Mag handreikingen herwerken en publiceren"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guidance:document", args=[self.slug])


class VersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def update(self, **kwargs):
        if self.filter(published_at__isnull=False).exists():
            raise PublishedVersionError("A published guidance version never changes.")
        return super().update(**kwargs)


class GuidanceVersion(models.Model):
    document = models.ForeignKey(GuidanceDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versienummer"))
    change_note = models.TextField(_("wijzigingsnota"), blank=True)
    is_major = models.BooleanField(_("grote wijziging"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versie van een handreiking")
        verbose_name_plural = _("versies van handreikingen")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_guidance_version")]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def save(self, *args, **kwargs):
        # The guard for every road (service, form, admin): a stored published version is final.
        if self._stored_as_published():
            raise PublishedVersionError("A published guidance version never changes.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("guidance:version", args=[self.document.slug, self.number])

    def delete(self, *args, **kwargs):
        if self._stored_as_published():
            raise PublishedVersionError("A published guidance version is never deleted.")
        super().delete(*args, **kwargs)

    @property
    def is_published(self):
        return self.published_at is not None

    def _stored_as_published(self):
        return self.pk and type(self).objects.filter(pk=self.pk, published_at__isnull=False).exists()


class SectionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(version__published_at__isnull=False).exists():
            raise PublishedVersionError("A section of a published guidance version never changes.")
        return super().update(**kwargs)


class Section(models.Model):
    version = models.ForeignKey(GuidanceVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("titel"), max_length=200)
    anchor = models.SlugField(_("anker"), max_length=80, help_text=_("Blijft gelijk over de versies heen."))
    body = models.TextField(_("tekst"), blank=True)
    practices = models.ManyToManyField(
        "practices.Practice", verbose_name=_("praktijkvoorbeelden"), blank=True, related_name="+"
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "anchor"], name="unique_section_anchor")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if GuidanceVersion.objects.filter(pk=self.version_id, published_at__isnull=False).exists():
            raise PublishedVersionError("A section of a published guidance version never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if GuidanceVersion.objects.filter(pk=self.version_id, published_at__isnull=False).exists():
            raise PublishedVersionError("A section of a published guidance version is never deleted.")
        super().delete(*args, **kwargs)
