"""`opencqi cycle dates`: a template's due dates as CSV, without any database.
`opencqi cycle remind`: the daily reminder emails (run it once a day, e.g. from cron).

    opencqi cycle dates ccfsr-2009 --anchor review_last_day=2008-03-14

Every mistake (unknown template or step, malformed date, missing anchor) is reported on one
line of stderr, naming the valid choices, with exit status 2.
"""

import argparse
import csv
import datetime
import os
import re
import sys

from opencqi.cycles import rules

USAGE_ERROR = 2
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PROG = "opencqi cycle dates"


class OneLineErrorParser(argparse.ArgumentParser):
    """An argparse parser whose own errors are one line on stderr and exit status 2."""

    def error(self, message):
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see --help)\n")


def register(subparsers):
    cycle = subparsers.add_parser("cycle", help="CQI cycle templates and their due dates")
    commands = cycle.add_subparsers(
        dest="cycle_command", required=True, metavar="COMMAND", parser_class=OneLineErrorParser
    )
    dates = commands.add_parser(
        "dates",
        help="print a template's due dates as CSV (step,date,derivation)",
        description="Print every due date of a cycle template as CSV: step,date,derivation. "
        "Reads no database.",
        epilog=_templates_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dates.add_argument("template", metavar="TEMPLATE", help="template name (see below)")
    dates.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="STEP=YYYY-MM-DD",
        help="the date of an anchor step; repeat for each anchor of the template",
    )
    dates.set_defaults(func=print_dates)

    remind = commands.add_parser(
        "remind",
        help="email county members the reminders due today (run daily)",
        description="Email county members about due dates N days ahead (settings "
        "CYCLE_REMINDER_DAYS, env OPENCQI_REMINDER_DAYS) and once overdue. What was sent is "
        "recorded, so running it again sends nothing twice.",
    )
    remind.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="act as if today were this date (default: today in California)",
    )
    remind.set_defaults(func=run_reminders)


def _templates_help() -> str:
    lines = ["templates and their anchors:"]
    for name in rules.template_names():
        lines.append(f"  {name:<12} " + " ".join(_anchor_examples(name)))
    return "\n".join(lines)


def _anchor_examples(name: str) -> list[str]:
    try:
        anchors = rules.load_template(name).anchors
    except rules.TemplateError as error:
        return [f"(template cannot be used: {error})"]
    return [f"--anchor {anchor}=YYYY-MM-DD" for anchor in anchors]


def print_dates(args) -> int:
    try:
        template = rules.load_template(args.template)
        anchors = parse_anchors(args.anchor, template)
        schedule = rules.compute_schedule(template, anchors)
    except (rules.UnknownTemplateError, rules.AnchorError, rules.ScheduleError) as error:
        return _fail(str(error).strip("'\""))
    try:
        write_csv(schedule, sys.stdout)
    except BrokenPipeError:  # the reader stopped early (e.g. `| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def write_csv(schedule: list[rules.DueDate], stream) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["step", "date", "derivation"])
    for due in schedule:
        writer.writerow([due.step, due.date.isoformat(), due.derivation])


def parse_anchors(values: list[str], template: rules.Template) -> dict[str, datetime.date]:
    """`STEP=YYYY-MM-DD` strings as a dict; raises AnchorError naming the bad value."""
    pairs = []
    for value in values:
        step_id, separator, text = value.partition("=")
        if not separator:
            raise rules.AnchorError(
                f"--anchor {value!r} is not STEP=YYYY-MM-DD; "
                f"anchors of {template.name}: {', '.join(template.anchors)}"
            )
        pairs.append((step_id, text))
    rules.check_anchor_steps(template, [step_id for step_id, _ in pairs])
    anchors: dict[str, datetime.date] = {}
    for step_id, text in pairs:
        if step_id in anchors:
            raise rules.AnchorError(f"anchor {step_id!r} given twice")
        anchors[step_id] = parse_date(text, step_id)
    return anchors


def parse_date(text: str, step_id: str) -> datetime.date:
    try:
        if not ISO_DATE.match(text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise rules.AnchorError(
            f"malformed date {text!r} for {step_id}: expected a real date as YYYY-MM-DD"
        ) from None


def run_reminders(args) -> int:
    today = None
    if args.date:
        try:
            today = parse_date(args.date, "--date")
        except rules.AnchorError as error:
            return _fail(str(error), prog="opencqi cycle remind")
    from opencqi.cli import setup_django

    setup_django()
    from opencqi.cycles.reminders import send_reminders

    sent = send_reminders(today)
    print(f"reminder emails sent: {sent}")
    return 0


def _fail(message: str, prog: str = PROG) -> int:
    print(f"{prog}: {message}", file=sys.stderr)
    return USAGE_ERROR
