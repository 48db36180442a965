from django.conf import settings
from django.db import models
from django.urls import reverse


class County(models.Model):
    code = models.CharField(max_length=2, unique=True, help_text="2-digit state county code")
    name = models.CharField(max_length=40, unique=True)
    fips = models.CharField("FIPS code", max_length=5, unique=True)
    region = models.CharField(max_length=40, help_text="Regional training academy region")
    child_population = models.PositiveIntegerField(help_text="Children 0-17")
    total_population = models.PositiveIntegerField()
    population_year = models.PositiveSmallIntegerField()
    population_source = models.CharField(max_length=200)
    latitude = models.FloatField()
    longitude = models.FloatField()
    neighbours = models.ManyToManyField("self", symmetrical=True, blank=True)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consulted_counties",
        help_text="The state CQI consultant assigned to this county",
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "counties"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("county_detail", args=[self.code])
