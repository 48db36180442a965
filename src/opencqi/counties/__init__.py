"""The 58 California counties: codes, FIPS, region, population, neighbours."""
