"""Where uploaded extract files go before the importer checks them."""

from opencqi.casedata.schemas import TABLES

ACCEPTED_SUFFIXES = (".csv", ".parquet")
EXTRACT_FILE = "extract.json"


def file_name_problem(name: str) -> str | None:
    """Why an uploaded file name cannot be one of the extract files, or None if it can."""
    if name == EXTRACT_FILE:
        return None
    stem, dot, suffix = name.rpartition(".")
    if dot and stem in TABLES and f".{suffix.lower()}" in ACCEPTED_SUFFIXES:
        return None
    tables = ", ".join(f"{table}.csv" for table in TABLES)
    return f"{name}: name each file after its table ({tables}; or .parquet), or extract.json"


def save_uploads(files, directory) -> list[str]:
    """Write the uploaded files into `directory`, streaming; returns their names."""
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for upload in files:
        stem, _, suffix = upload.name.rpartition(".")
        name = f"{stem}.{suffix.lower()}" if stem else upload.name
        with open(directory / name, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        names.append(name)
    return names
