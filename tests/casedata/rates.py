"""Quick DuckDB approximations of four measures, to check that synthetic data is plausible.

Simplified from shared/domain/measures.md section 3 (no trial home visit adjustment, no
same-incident rule): the measure engine computes the real thing.
"""

RATES_SQL = """
WITH entries AS (
  SELECT e.*, c.birth_date FROM episodes e JOIN children c USING (child_id)
  WHERE removal_date BETWEEN $start AND $end
  QUALIFY row_number() OVER (PARTITION BY child_id ORDER BY removal_date, episode_id) = 1
), cohort AS (
  SELECT * FROM entries
  WHERE NOT (exit_date IS NOT NULL AND exit_date - removal_date < 8)
    AND removal_date < birth_date + INTERVAL 18 YEAR
), exits AS (
  SELECT e.*, c.birth_date FROM episodes e JOIN children c USING (child_id)
  WHERE exit_date BETWEEN $start AND $end
    AND exit_reason IN ('reunification', 'living_with_relative', 'guardianship')
    AND exit_date - removal_date >= 8 AND exit_date < birth_date + INTERVAL 18 YEAR
  QUALIFY row_number() OVER (PARTITION BY child_id ORDER BY exit_date, episode_id) = 1
), moves AS (
  SELECT p.episode_id, count(*) - 1 AS moves FROM placements p JOIN cohort USING (episode_id)
  WHERE p.setting NOT IN ('trial_home_visit', 'runaway') AND p.start_date <= $end
  GROUP BY p.episode_id
), substantiated AS (
  SELECT * FROM reports WHERE disposition IN ('substantiated', 'indicated')
), indexed AS (
  SELECT child_id, report_date FROM substantiated WHERE report_date BETWEEN $start AND $end
  QUALIFY row_number() OVER (PARTITION BY child_id ORDER BY report_date, report_id) = 1
)
SELECT
  (SELECT avg(CASE WHEN exit_reason IN ('reunification', 'living_with_relative', 'adoption',
                                        'guardianship')
                    AND exit_date < removal_date + INTERVAL 12 MONTH
                    AND exit_date < birth_date + INTERVAL 18 YEAR THEN 1 ELSE 0 END) FROM cohort),
  (SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM episodes n WHERE n.child_id = x.child_id
                    AND n.removal_date >= x.exit_date
                    AND n.removal_date < x.exit_date + INTERVAL 12 MONTH) THEN 1 ELSE 0 END)
   FROM exits x),
  (SELECT 1000 * sum(coalesce(m.moves, 0)) / sum(least(coalesce(exit_date, $end + 1), $end + 1)
                                                 - removal_date)
   FROM cohort LEFT JOIN moves m USING (episode_id)),
  (SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM substantiated s WHERE s.child_id = i.child_id
                    AND s.report_date > i.report_date + 14
                    AND s.report_date < i.report_date + INTERVAL 12 MONTH) THEN 1 ELSE 0 END)
   FROM indexed i)
"""


def measure_rates(con, start, end) -> dict[str, float]:
    """Permanency in 12 months (%), re-entry in 12 months (%), moves per 1,000 days,
    recurrence in 12 months (%), for the 12-month period start..end."""
    p1, p4, p5, s2 = con.execute(RATES_SQL, {"start": start, "end": end}).fetchone()
    return {"permanency": 100 * p1, "reentry": 100 * p4, "moves": p5, "recurrence": 100 * s2}
