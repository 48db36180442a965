"""Subcommands that run the platform: `demo`, `serve`, `worker`, `manage`."""

import argparse
import os
import subprocess
import sys

from opencqi.cli import setup_django


def register(subparsers):
    demo = subparsers.add_parser(
        "demo", help="set up the embedded demo (database, counties, demo users) and serve it"
    )
    demo.add_argument("--bind", default="127.0.0.1:8000")
    demo.add_argument("--no-serve", action="store_true", help="load the demo content and stop")
    demo.add_argument(
        "--episodes", type=int, default=300_000, help="synthetic episodes on first load"
    )
    demo.set_defaults(func=run_demo)

    serve = subparsers.add_parser("serve", help="serve the web application")
    serve.add_argument("--bind", default="127.0.0.1:8000")
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(func=run_serve)

    worker = subparsers.add_parser("worker", help="run the background task worker")
    worker.set_defaults(func=run_worker)

    manage = subparsers.add_parser("manage", help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=run_manage)


def run_demo(args):
    os.environ.setdefault("OPENCQI_DEBUG", "1")
    setup_django()
    from django.core.management import call_command

    from opencqi.site import demo

    call_command("migrate", verbosity=0)
    logins = demo.load_demo_content(log=print)
    demo.load_demo_case_data(episodes=args.episodes, log=print)
    from opencqi.reviews.demo import load_demo_review
    from opencqi.reviews.demo_event import load_demo_event

    load_demo_review(log=print)
    load_demo_event(log=print)
    print("\nDemo logins (also kept in the data directory, demo-logins.txt):")
    for username, role, password in logins:
        print(f"  {username:<18} {role:<28} password: {password}")
    if args.no_serve:
        return 0
    print(f"\nServing http://{args.bind}/  (Ctrl-C to stop)")
    from opencqi.cycles.tasks import send_reminders_task

    send_reminders_task.enqueue()  # today's CQI reminders: the worker prints them (console email)
    worker = subprocess.Popen([sys.executable, "-m", "opencqi.cli", "worker"])
    try:
        return run_serve(args)
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def run_serve(args):
    workers = getattr(args, "workers", 2)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "opencqi.site.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--access-logfile",
        "-",
    ]
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0


def run_worker(args):
    setup_django()
    from django.core.management import call_command

    from opencqi.cycles.tasks import queue_next_reminders

    queue_next_reminders()  # the daily CQI reminders run on the worker, no cron needed
    call_command("db_worker")
    return 0


def run_manage(args):
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["opencqi manage", *args.args])
    return 0
