"""A small valid extract for one county, written as CSV files, for page tests."""

import json

TABLES = {
    "children": [
        "child_id,birth_date,sex,race_ethnicity",
        "c1,2015-03-02,female,latino",
        "c2,2019-07-15,male,white",
    ],
    "episodes": [
        "episode_id,child_id,county,removal_date,exit_date,exit_reason,agency",
        "e1,c1,{county},2022-01-10,2022-09-01,reunification,child_welfare",
        "e2,c2,{county},2023-02-01,,,child_welfare",
    ],
    "placements": [
        "placement_id,episode_id,start_date,end_date,setting",
        "p1,e1,2022-01-10,2022-09-01,relative_foster_home",
        "p2,e2,2023-02-01,,nonrelative_foster_home",
    ],
    "reports": [
        "report_id,child_id,county,report_date,disposition,incident_date",
        "r1,c1,{county},2021-12-20,substantiated,2021-12-18",
    ],
    "referrals": [
        "referral_id,county,received_at,response_type,first_contact_at",
        "f1,{county},2023-05-01 09:00:00,immediate,2023-05-01 15:00:00",
    ],
    "visits": [
        "child_id,visit_date,in_person,in_placement,completed",
        "c2,2023-03-15,true,true,true",
    ],
    "population": [
        "county,year,population",
        "{county},2023,278409",
    ],
}


def write_extract(directory, county="Fresno", as_of="2024-06-30", replace=None):
    """Write the extract; `replace` maps a table to its lines (header first) to use instead."""
    directory.mkdir(parents=True, exist_ok=True)
    for table, lines in {**TABLES, **(replace or {})}.items():
        text = "\n".join(lines).replace("{county}", county) + "\n"
        (directory / f"{table}.csv").write_text(text, encoding="utf-8")
    (directory / "extract.json").write_text(json.dumps({"as_of": as_of}))
    return sorted(directory.iterdir())
