#!/usr/bin/python3
"""The calendar feed through a real parser: Debian's python3-icalendar reads what the real
followup-bot serves over HTTP, for a user talking to it through the Telegram webhook (the
platform API is a fake HTTP server in this script). Checks every event, the time zone, an
update (same UID, higher SEQUENCE, new time), a deletion, cancelled reminders, a link reset
and unknown tokens.

  tests/calendar/calendar_feed_test.py build/followup-bot
"""
import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import icalendar

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/followup-bot"))
ZONE = "America/New_York"
TZ = ZoneInfo(ZONE)
SECRET = "calendar-test-secret"

sent = []  # texts the bot sent through the fake Telegram API
sent_lock = threading.Condition()


class FakeTelegram(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path.endswith("/sendMessage"):
            with sent_lock:
                sent.append(json.loads(body)["text"])
                sent_lock.notify_all()
        reply = json.dumps({"ok": True, "result": {"message_id": len(sent)}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(condition, message):
    if not condition:
        raise AssertionError(message)


class Bot:
    def __init__(self, work):
        self.port = free_port()
        self.api = ThreadingHTTPServer(("127.0.0.1", 0), FakeTelegram)
        threading.Thread(target=self.api.serve_forever, daemon=True).start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
        env.update({
            "FOLLOWUP_LISTEN": f"127.0.0.1:{self.port}",
            "FOLLOWUP_DB": os.path.join(work, "bot.db"),
            "FOLLOWUP_RULES": os.path.join(ROOT, "rules"),
            "FOLLOWUP_TELEGRAM_TOKEN": "123:TEST",
            "FOLLOWUP_TELEGRAM_SECRET": SECRET,
            "FOLLOWUP_TELEGRAM_API": f"http://127.0.0.1:{self.api.server_address[1]}",
            "FOLLOWUP_TIMEZONE": ZONE,
            "FOLLOWUP_SEND_RATE": "0",
            "FOLLOWUP_USER_RATE": "0",
            # A trailing slash is dropped from the base of links.
            "FOLLOWUP_PUBLIC_URL": f"http://127.0.0.1:{self.port}/",
        })
        self.log = open(os.path.join(work, "bot.log"), "w")
        self.proc = subprocess.Popen([BOT, "serve"], env=env, stdout=self.log, stderr=self.log)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 90  # the sanitizer build trains slowly
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            check(self.proc.poll() is None, "the bot exited at start-up")
            time.sleep(0.1)
        else:
            raise AssertionError("the bot did not become healthy")
        self.update_id = 1000

    def say(self, text):
        """Sends a message as the user; returns every reply to it, joined."""
        with sent_lock:
            before = len(sent)
        self.update_id += 1
        update = {"update_id": self.update_id,
                  "message": {"message_id": self.update_id, "date": int(time.time()),
                              "chat": {"id": 4242, "type": "private"},
                              "from": {"id": 4242, "is_bot": False, "first_name": "Sam"},
                              "text": text}}
        req = urllib.request.Request(self.base + "/telegram/webhook", data=json.dumps(update).encode(),
                                     headers={"Content-Type": "application/json",
                                              "X-Telegram-Bot-Api-Secret-Token": SECRET})
        with urllib.request.urlopen(req, timeout=10) as r:
            check(r.status == 200, f"webhook answered {r.status}")
        with sent_lock:
            sent_lock.wait_for(lambda: len(sent) > before, timeout=10)
            check(len(sent) > before, f"no reply to {text!r}")
            time.sleep(0.2)  # a reply may come in several messages
            return "\n".join(sent[before:])

    def get(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as r:
                return r.status, r.headers.get("Content-Type", ""), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type", ""), e.read().decode()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.api.shutdown()
        self.log.close()


def link_in(text):
    m = re.search(r"(http://127\.0\.0\.1:\d+)/calendar/([A-Za-z0-9_-]+)\.ics", text)
    check(m, f"no calendar link in: {text}")
    return "/calendar/" + m.group(2) + ".ics"


def fetch(bot, path):
    status, ctype, body = bot.get(path)
    check(status == 200, f"GET {path}: {status}")
    check(ctype.startswith("text/calendar"), f"content type {ctype}")
    check("\r\n" in body and all(len(l.encode()) <= 75 for l in body.split("\r\n")),
          "CRLF lines of at most 75 octets")
    cal = icalendar.Calendar.from_ical(body)
    check(str(cal["VERSION"]) == "2.0", "VERSION:2.0")
    check(str(cal["X-WR-TIMEZONE"]) == ZONE, "the user's zone")
    return cal


def check_timezone(cal):
    zones = [c for c in cal.walk("VTIMEZONE")]
    check(len(zones) == 1 and str(zones[0]["TZID"]) == ZONE, "one VTIMEZONE for the user's zone")
    changes = 0
    for part in zones[0].subcomponents:
        start = part["DTSTART"].dt  # local, naive
        before = part["TZOFFSETFROM"].td
        after = part["TZOFFSETTO"].td
        # The instant the rule starts, and what the zone database says the offset is then.
        instant = (start - before).replace(tzinfo=dt.timezone.utc)
        actual = instant.astimezone(TZ).utcoffset()
        check(actual == after, f"{part.name} at {start}: {after} but the zone says {actual}")
        check((part.name == "DAYLIGHT") == (after == dt.timedelta(hours=-4)), f"{part.name} {after}")
        changes += before != after
    check(changes >= 2, f"both changes of the year are described ({changes})")


def events(cal):
    out = {}
    for e in cal.walk("VEVENT"):
        uid = str(e["UID"])
        check(uid not in out, f"duplicate UID {uid}")
        out[uid] = e
    return out


def local(e, key="DTSTART"):
    value = e[key].dt
    check(isinstance(value, dt.datetime) and value.tzinfo is not None, f"{key} has a zone: {value}")
    check(e[key].params.get("TZID") == ZONE, f"{key} in the user's zone")
    return value.astimezone(TZ)


def main():
    work = tempfile.mkdtemp(prefix="followup-calendar-")
    bot = Bot(work)
    try:
        today = dt.datetime.now(TZ).date()
        yesterday = today - dt.timedelta(days=1)
        later = today + dt.timedelta(days=6)
        moved = today + dt.timedelta(days=7)
        words = lambda d: d.strftime("%B ") + str(d.day)

        bot.say("interviewed at Acme yesterday at 2pm with Jane Smith (recruiter), "
                "she said to call her in 3 days")
        bot.say("New York")
        bot.say(f"interview at Globex on {words(later)} at 3pm with Raj Patel")

        reply = bot.say("/calendar")
        path = link_in(reply)
        check(reply.count(bot.base + path) == 1, "the link uses FOLLOWUP_PUBLIC_URL without a double slash")

        cal = fetch(bot, path)
        check_timezone(cal)
        ev = events(cal)
        interviews = {u: e for u, e in ev.items() if u.startswith("interview-")}
        reminders = {u: e for u, e in ev.items() if u.startswith("reminder-")}
        check(len(interviews) == 2, f"two interviews: {list(interviews)}")
        acme = next(e for e in interviews.values() if "Acme" in str(e["SUMMARY"]))
        globex_uid, globex = next((u, e) for u, e in interviews.items() if "Globex" in str(e["SUMMARY"]))
        check(local(acme) == dt.datetime.combine(yesterday, dt.time(14), TZ), f"Acme at {local(acme)}")
        check(local(acme, "DTEND") - local(acme) == dt.timedelta(hours=1), "an hour long")
        check("Jane Smith (recruiter)" in str(acme["DESCRIPTION"]), "who was there")
        check(local(globex) == dt.datetime.combine(later, dt.time(15), TZ), f"Globex at {local(globex)}")
        call = [e for e in reminders.values() if str(e["SUMMARY"]).startswith("Call Jane Smith at Acme")]
        check(len(call) == 1, f"the call-day reminder: {[str(e['SUMMARY']) for e in reminders.values()]}")
        check(local(call[0]) > dt.datetime.now(TZ) and local(call[0]).hour == 10, "called at 10:00, ahead")
        prep = [e for e in reminders.values() if str(e["SUMMARY"]).startswith("Interview at Globex soon")]
        check(len(prep) == 1 and local(prep[0]) < local(globex), "a prep reminder before Globex")
        for e in ev.values():
            check(e.get("DTSTAMP") is not None and e.get("SEQUENCE") is not None, "DTSTAMP, SEQUENCE")

        # The same feed fetched again: the same UIDs (apps update, not duplicate).
        check(set(events(fetch(bot, path))) == set(ev), "stable UIDs across fetches")

        # Rescheduled: the same event moves, with a higher SEQUENCE; its old reminder goes.
        bot.say(f"no, the Globex interview is on {words(moved)} at 4pm")
        ev2 = events(fetch(bot, path))
        check(globex_uid in ev2, "the moved interview keeps its UID")
        check(local(ev2[globex_uid]) == dt.datetime.combine(moved, dt.time(16), TZ),
              f"moved to {local(ev2[globex_uid])}")
        check(int(ev2[globex_uid]["SEQUENCE"]) > int(globex["SEQUENCE"]), "SEQUENCE bumped")
        old_prep = [u for u, e in reminders.items() if "Globex" in str(e["SUMMARY"])]
        check(len(old_prep) >= 2, "Globex's prep and thank-you reminders")
        check(all(u not in ev2 for u in old_prep), "the old prep reminder is removed")
        new_prep = [e for u, e in ev2.items()
                    if u.startswith("reminder-") and str(e["SUMMARY"]).startswith("Interview at Globex soon")]
        check(len(new_prep) == 1 and local(new_prep[0]) < local(ev2[globex_uid]), "a new prep reminder")

        # Deleted: the interview and its reminders leave the feed.
        reply = bot.say("delete the Globex interview")
        if "yes" in reply.lower() and "Globex" in reply and "?" in reply:
            bot.say("yes")
        ev3 = events(fetch(bot, path))
        check(globex_uid not in ev3 and not any("Globex" in str(e["SUMMARY"]) for e in ev3.values()),
              "Globex is gone")
        check(any("Acme" in str(e["SUMMARY"]) for e in ev3.values()), "Acme stays")

        # Shown once: asking again does not show it; a reset replaces it.
        again = bot.say("/calendar")
        check("/calendar/" not in again and "reset" in again, f"the link is not shown again: {again}")
        new_path = link_in(bot.say("/calendar reset"))
        check(new_path != path, "a new token")
        check(bot.get(path)[0] == 404, "the old link is dead")
        fetch(bot, new_path)

        # Unknown and malformed tokens: 404 and nothing else.
        for wrong in ["/calendar/" + "A" * 32 + ".ics", "/calendar/short.ics", "/calendar/",
                      new_path[:-4] + ".txt", "/calendar/../healthz"]:
            status, _, body = bot.get(wrong)
            check(status == 404 and body == "not found\n", f"GET {wrong}: {status} {body!r}")
        print("calendar: ok (%d events checked)" % len(ev))
    except BaseException:
        sys.stderr.write(f"bot exit status: {bot.proc.poll()}\n")
        with open(os.path.join(work, "bot.log")) as f:
            sys.stderr.write("bot log (last lines):\n" + "".join(f.readlines()[-20:]))
        raise
    finally:
        bot.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
