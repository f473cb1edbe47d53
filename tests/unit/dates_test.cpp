#include <boost/test/unit_test.hpp>

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/time_format.hpp"

using namespace followup;
using namespace followup::nlu;
using namespace std::chrono_literals;
namespace ch = std::chrono;

namespace {

const date::time_zone& zone(const char* name) {
  const auto* z = find_zone(name);
  BOOST_REQUIRE(z != nullptr);
  return *z;
}

ch::local_days day(int y, unsigned m, unsigned d) {
  return ch::local_days{ch::year_month_day{ch::year{y}, ch::month{m}, ch::day{d}}};
}

// The instant at which the wall clock in `tz` reads the given time (earliest if ambiguous),
// computed with the date library directly so the tests do not lean on to_instant.
sys_time local(const char* tz, int y, unsigned m, unsigned d, int h, int mi = 0) {
  const date::local_time<ch::minutes> lt{
      (day(y, m, d) + ch::hours{h} + ch::minutes{mi}).time_since_epoch()};
  const date::zoned_time<ch::minutes> zt{&zone(tz), lt, date::choose::earliest};
  return ch::time_point_cast<ch::milliseconds>(zt.get_sys_time());
}

sys_time utc(int y, unsigned m, unsigned d, int h, int mi = 0) {
  return ch::time_point_cast<ch::milliseconds>(
      ch::sys_days{ch::year_month_day{ch::year{y}, ch::month{m}, ch::day{d}}} + ch::hours{h} +
      ch::minutes{mi});
}

// The first date in `text`, rendered "YYYY-MM-DD[THH:MM]", or "none".
std::string first(std::string_view text, sys_time now, const char* tz = "America/New_York") {
  const auto found = find_dates(text, now, zone(tz));
  return found.empty() ? "none" : to_local_string(found.front());
}

// Monday 2026-11-16, 13:00 in New York: the reference "now" for most cases.
const sys_time monday = local("America/New_York", 2026, 11, 16, 13);

std::string at_monday(std::string_view text) {
  return first(text, monday);
}

resolved_date only(std::string_view text, sys_time now = monday,
                   const char* tz = "America/New_York") {
  const auto found = find_dates(text, now, zone(tz));
  BOOST_REQUIRE_EQUAL(found.size(), 1u);
  return found.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dates)

// What each date is for: the interview, when they will answer, when the user may call.
BOOST_AUTO_TEST_CASE(dates_have_roles) {
  auto roles = [](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& d : find_dates(text, monday, zone("America/New_York"))) {
      out.emplace_back(to_string(d.role));
    }
    return out;
  };
  using v = std::vector<std::string>;
  BOOST_TEST(roles("they want to decide by the 20th and said I could check in on the 23rd") ==
             (v{"decision", "call"}));
  BOOST_TEST(roles("HR will let me know by Thursday") == v{"decision"});
  BOOST_TEST(roles("he'll ring me by friday") == v{"decision"});
  BOOST_TEST(roles("she said call me in 4 days") == v{"call"});
  BOOST_TEST(roles("told me to give her a call on Thursday") == v{"call"});
  BOOST_TEST(roles("interviewed today at 2 and they'll get back to me by Friday") ==
             (v{"interview", "decision"}));
  BOOST_TEST(roles("zoom w/ Northgate Freight tmrw at 9") == v{"interview"});
  BOOST_TEST(roles("I should know by the end of the week") == v{"decision"});
  auto j = to_json(only("call me on Thursday"), zone("America/New_York"));
  BOOST_TEST(j["role"] == "call");
}

// "call Thursday if you haven't heard by Wednesday": the deadline in a condition is ahead.
BOOST_AUTO_TEST_CASE(a_deadline_in_a_condition_is_ahead) {
  const auto found = find_dates("she said to call her on Thursday if I hadn't heard anything by Wednesday",
                                monday, zone("America/New_York"));
  BOOST_REQUIRE_EQUAL(found.size(), 2u);
  BOOST_TEST(to_local_string(found[0]) == "2026-11-19");
  BOOST_TEST(to_local_string(found[1]) == "2026-11-18");
  BOOST_TEST(to_string(found[1].role) == "decision");
}

// "It's Thursday now" names today, not next week.
BOOST_AUTO_TEST_CASE(its_a_weekday_now_is_today) {
  BOOST_TEST(at_monday("it's monday and still nothing") == "2026-11-16");
  BOOST_TEST(at_monday("today is monday, should I call") == "2026-11-16");
  // A day off (the user's calendar is behind): the one just gone, never next week.
  BOOST_TEST(at_monday("it's sunday night here") == "2026-11-15");
}

BOOST_AUTO_TEST_CASE(named_days_and_chat_spellings) {
  BOOST_TEST(at_monday("interviewed today") == "2026-11-16");
  BOOST_TEST(at_monday("TODAY!!") == "2026-11-16");
  BOOST_TEST(at_monday("send it tonight") == "2026-11-16");
  for (const char* t :
       {"tomorrow", "tmrw", "tmr", "2moro", "tomorow", "Tommorow", "tomorrow's call"}) {
    BOOST_TEST_CONTEXT(t) {
      BOOST_TEST(at_monday(t) == "2026-11-17");
    }
  }
  for (const char* t : {"yesterday", "yday", "Yesterday.", "yesterdays interview"}) {
    BOOST_TEST_CONTEXT(t) {
      BOOST_TEST(at_monday(t) == "2026-11-15");
    }
  }
  BOOST_TEST(at_monday("the day after tomorrow") == "2026-11-18");
  BOOST_TEST(at_monday("day before yesterday") == "2026-11-14");
  BOOST_TEST(at_monday("last night") == "2026-11-15");
  BOOST_TEST(at_monday("this morning") == "2026-11-16");
  BOOST_TEST(at_monday("this afternoon") == "2026-11-16");
  BOOST_TEST(at_monday("this evening") == "2026-11-16");
}

BOOST_AUTO_TEST_CASE(bare_weekdays_are_the_next_one_after_today) {
  // Monday 16th: every bare weekday is 1..7 days ahead; "monday" itself is a week ahead.
  BOOST_TEST(at_monday("tuesday") == "2026-11-17");
  BOOST_TEST(at_monday("call on wed") == "2026-11-18");
  BOOST_TEST(at_monday("thu") == "2026-11-19");
  BOOST_TEST(at_monday("thur") == "2026-11-19");
  BOOST_TEST(at_monday("Thurs") == "2026-11-19");
  BOOST_TEST(at_monday("fri") == "2026-11-20");
  BOOST_TEST(at_monday("tues") == "2026-11-17");
  BOOST_TEST(at_monday("mon") == "2026-11-23");
  BOOST_TEST(at_monday("monday") == "2026-11-23");
  BOOST_TEST(at_monday("this coming friday") == "2026-11-20");
  BOOST_TEST(at_monday("wendsday") == "2026-11-18");
  BOOST_TEST(at_monday("thrusday") == "2026-11-19");
}

BOOST_AUTO_TEST_CASE(sat_and_sun_only_where_they_cannot_be_words) {
  BOOST_TEST(at_monday("on sat") == "2026-11-21");
  BOOST_TEST(at_monday("this sun") == "2026-11-22");
  BOOST_TEST(at_monday("sat 10am") == "2026-11-21T10:00");
  BOOST_TEST(at_monday("I sat in the lobby") == "none");
  BOOST_TEST(at_monday("the sun was out") == "none");
  BOOST_TEST(at_monday("saturday") == "2026-11-21");
  BOOST_TEST(at_monday("sunday") == "2026-11-22");
}

BOOST_AUTO_TEST_CASE(this_next_last_weekday) {
  // "this X" includes today; "next X" is X in the following Monday-to-Sunday week.
  BOOST_TEST(at_monday("this monday") == "2026-11-16");
  BOOST_TEST(at_monday("this thu") == "2026-11-19");
  BOOST_TEST(at_monday("next tuesday") == "2026-11-24");
  BOOST_TEST(at_monday("nxt tues") == "2026-11-24");
  BOOST_TEST(at_monday("next monday") == "2026-11-23");
  BOOST_TEST(at_monday("next sunday") == "2026-11-29");
  BOOST_TEST(at_monday("friday next week") == "2026-11-27");
  BOOST_TEST(at_monday("last friday") == "2026-11-13");
  BOOST_TEST(at_monday("last monday") == "2026-11-09");
  BOOST_TEST(at_monday("this past thursday") == "2026-11-12");
  // On a Friday "next monday" is three days ahead and "next friday" a week ahead.
  const auto friday = local("America/New_York", 2026, 11, 20, 9);
  BOOST_TEST(first("next monday", friday) == "2026-11-23");
  BOOST_TEST(first("next friday", friday) == "2026-11-27");
  BOOST_TEST(first("friday", friday) == "2026-11-27");
  BOOST_TEST(first("this friday", friday) == "2026-11-20");
}

BOOST_AUTO_TEST_CASE(past_tense_turns_a_bare_weekday_back) {
  BOOST_TEST(at_monday("interviewed on thursday") == "2026-11-12");
  BOOST_TEST(at_monday("haven't heard back since tue") == "2026-11-10");
  BOOST_TEST(at_monday("Friday went well I think") == "2026-11-13");
  BOOST_TEST(at_monday("I called her wednesday") == "2026-11-11");
  // Reported speech about what to do is future, even after a past verb earlier on.
  BOOST_TEST(at_monday("interviewed today and she said call her thursday") == "2026-11-16");
  const auto found = find_dates("interviewed today and she said call her thursday", monday,
                                zone("America/New_York"));
  BOOST_REQUIRE_EQUAL(found.size(), 2u);
  BOOST_TEST((found[1].day == day(2026, 11, 19)));
  BOOST_TEST(at_monday("my interview is thursday") == "2026-11-19");
}

BOOST_AUTO_TEST_CASE(numeric_dates_are_us_month_day) {
  BOOST_TEST(at_monday("on 12/3") == "2026-12-03");
  BOOST_TEST(at_monday("12/3") == "2026-12-03");
  BOOST_TEST(at_monday("12/3/2026") == "2026-12-03");
  BOOST_TEST(at_monday("12/3/27") == "2027-12-03");
  BOOST_TEST(at_monday("2026-12-03") == "2026-12-03");
  BOOST_TEST(at_monday("12/03 09:00") == "2026-12-03T09:00");
  // A first number over 12 can only be a day.
  BOOST_TEST(at_monday("due 25/11") == "2026-11-25");
  BOOST_TEST(at_monday("2/30") == "none");
  BOOST_TEST(at_monday("13/13") == "none");
}

BOOST_AUTO_TEST_CASE(dates_without_a_year_fall_in_a_window_around_today) {
  // From 90 days back to about nine months ahead.
  BOOST_TEST(at_monday("interviewed 10/30") == "2026-10-30");
  BOOST_TEST(at_monday("jan 5") == "2027-01-05");
  BOOST_TEST(at_monday("aug 20") == "2026-08-20");  // 88 days ago
  BOOST_TEST(at_monday("aug 10") == "2027-08-10");  // 98 days ago: next year's
  const auto january = local("America/New_York", 2027, 1, 15, 10);
  BOOST_TEST(first("interviewed dec 20", january) == "2026-12-20");
  BOOST_TEST(first("12/20", january) == "2026-12-20");
}

BOOST_AUTO_TEST_CASE(month_names) {
  BOOST_TEST(at_monday("Dec 3rd") == "2026-12-03");
  BOOST_TEST(at_monday("December 3") == "2026-12-03");
  BOOST_TEST(at_monday("dec. 3") == "2026-12-03");
  BOOST_TEST(at_monday("3 December") == "2026-12-03");
  BOOST_TEST(at_monday("the 3rd of december") == "2026-12-03");
  BOOST_TEST(at_monday("December 3, 2027") == "2027-12-03");
  BOOST_TEST(at_monday("Dec 3rd 2:30pm") == "2026-12-03T14:30");
  BOOST_TEST(at_monday("may 3rd") == "2027-05-03");
  BOOST_TEST(at_monday("on march 2 at 10") == "2027-03-02T10:00");
  BOOST_TEST(at_monday("Febuary 2") == "2027-02-02");
}

BOOST_AUTO_TEST_CASE(ordinal_day_of_month) {
  BOOST_TEST(at_monday("on the 20th") == "2026-11-20");
  BOOST_TEST(at_monday("by the 1st") == "2026-12-01");
  BOOST_TEST(at_monday("talked to them on the 12th") == "2026-11-12");
  BOOST_TEST(at_monday("spoke to her on the 20th") == "2026-10-20");
  BOOST_TEST(at_monday("monday the 23rd") == "2026-11-23");
  BOOST_TEST(at_monday("the 2nd interview") == "none");
  // A weekday beside the ordinal picks the month where they agree.
  BOOST_TEST(at_monday("on Thursday the 21st") == "2027-01-21");
  BOOST_TEST(at_monday("saturday the 21st") == "2026-11-21");
  BOOST_TEST(at_monday("on the 31st") == "2026-12-31");
  BOOST_TEST(at_monday("interview was on the 3rd of this month") == "2026-11-03");
  BOOST_TEST(at_monday("on the 3rd of next month") == "2026-12-03");
}

BOOST_AUTO_TEST_CASE(times_of_day) {
  BOOST_TEST(at_monday("2pm") == "2026-11-16T14:00");
  BOOST_TEST(at_monday("2 pm") == "2026-11-16T14:00");
  BOOST_TEST(at_monday("2:30pm") == "2026-11-16T14:30");
  BOOST_TEST(at_monday("2:30 p.m.") == "2026-11-16T14:30");
  BOOST_TEST(at_monday("10 a.m.") == "2026-11-16T10:00");
  BOOST_TEST(at_monday("14:30") == "2026-11-16T14:30");
  BOOST_TEST(at_monday("12am") == "2026-11-16T00:00");
  BOOST_TEST(at_monday("12pm") == "2026-11-16T12:00");
  BOOST_TEST(at_monday("noon") == "2026-11-16T12:00");
  BOOST_TEST(at_monday("3 o'clock") == "2026-11-16T15:00");
  BOOST_TEST(at_monday("half past 2") == "2026-11-16T14:30");
  BOOST_TEST(at_monday("quarter to ten") == "2026-11-16T09:45");
  BOOST_TEST(at_monday("2-3pm") == "2026-11-16T14:00");
  BOOST_TEST(at_monday("11-1pm") == "2026-11-16T11:00");
  BOOST_TEST(at_monday("2.30pm") == "2026-11-16T14:30");
  // Midnight is the one that ends the day named.
  BOOST_TEST(at_monday("by midnight") == "2026-11-17T00:00");
  BOOST_TEST(at_monday("friday at midnight") == "2026-11-21T00:00");
}

BOOST_AUTO_TEST_CASE(an_hour_without_am_pm_is_a_business_hour) {
  BOOST_TEST(at_monday("at 10") == "2026-11-16T10:00");
  BOOST_TEST(at_monday("at 8") == "2026-11-16T08:00");
  BOOST_TEST(at_monday("at 11:30") == "2026-11-16T11:30");
  BOOST_TEST(at_monday("at 12") == "2026-11-16T12:00");
  BOOST_TEST(at_monday("at 1") == "2026-11-16T13:00");
  BOOST_TEST(at_monday("at 7") == "2026-11-16T19:00");
  BOOST_TEST(at_monday("@ 3") == "2026-11-16T15:00");
  BOOST_TEST(at_monday("tomorrow at ten") == "2026-11-17T10:00");
  BOOST_TEST(at_monday("at three on friday") == "2026-11-20T15:00");
  BOOST_TEST(at_monday("ten am") == "2026-11-16T10:00");
  BOOST_TEST(at_monday("should I stop at two?") == "none");
  // A part of day overrides the guess.
  BOOST_TEST(at_monday("tonight at 8") == "2026-11-16T20:00");
  BOOST_TEST(at_monday("tomorrow morning at 7") == "2026-11-17T07:00");
  BOOST_TEST(at_monday("at 9 at night") == "2026-11-16T21:00");
  BOOST_TEST(at_monday("at 10 this morning") == "2026-11-16T10:00");
  BOOST_TEST(at_monday("at 3 in the afternoon") == "2026-11-16T15:00");
}

BOOST_AUTO_TEST_CASE(a_day_and_a_time_join_into_one) {
  auto r = only("tuesday at 10");
  BOOST_TEST((r.day == day(2026, 11, 17)));
  BOOST_TEST((r.time_of_day == std::optional<ch::minutes>{10h}));
  BOOST_TEST(r.text == "tuesday at 10");
  BOOST_TEST(at_monday("thu 3pm") == "2026-11-19T15:00");
  BOOST_TEST(at_monday("today 2pm") == "2026-11-16T14:00");
  BOOST_TEST(at_monday("tomorrow at 3") == "2026-11-17T15:00");
  BOOST_TEST(at_monday("3pm tomorrow") == "2026-11-17T15:00");
  BOOST_TEST(at_monday("at 2 on friday") == "2026-11-20T14:00");
  BOOST_TEST(at_monday("Friday, Nov 20 at 10am") == "2026-11-20T10:00");
  BOOST_TEST(at_monday("11/19 @ 1:30") == "2026-11-19T13:30");
  BOOST_TEST(at_monday("in 2 days at 9am") == "2026-11-18T09:00");
  BOOST_TEST(find_dates("Friday, Nov 20 at 10am", monday, zone("America/New_York")).size() == 1u);
}

BOOST_AUTO_TEST_CASE(relative_offsets) {
  auto r = only("call her in 4 days");
  BOOST_TEST((r.day == day(2026, 11, 20)));
  BOOST_TEST((r.relation == date_relation::in));
  BOOST_TEST(r.offset_days == 4);
  BOOST_TEST(!r.time_of_day.has_value());
  BOOST_TEST(r.text == "in 4 days");

  BOOST_TEST(only("in two weeks").offset_days == 14);
  BOOST_TEST(at_monday("in two weeks") == "2026-11-30");
  BOOST_TEST(at_monday("in a week") == "2026-11-23");
  BOOST_TEST(at_monday("in a couple of days") == "2026-11-18");
  BOOST_TEST(at_monday("in a fortnight") == "2026-11-30");
  BOOST_TEST(at_monday("a week from now") == "2026-11-23");
  BOOST_TEST(at_monday("two days from today") == "2026-11-18");
  BOOST_TEST(at_monday("a week from friday") == "2026-11-27");
  BOOST_TEST(at_monday("in 3 business days") == "2026-11-19");
  BOOST_TEST(at_monday("in 5 working days") == "2026-11-23");
  BOOST_TEST(at_monday("in a month") == "2026-12-16");
  BOOST_TEST(at_monday("in 4days") == "2026-11-20");
  BOOST_TEST(at_monday("in 3-5 days") == "2026-11-19");

  auto h = only("in 3 hrs");
  BOOST_TEST((h.day == day(2026, 11, 16)));
  BOOST_TEST((h.time_of_day == std::optional<ch::minutes>{16h}));
  BOOST_TEST((h.relation == date_relation::in));
  BOOST_TEST(h.offset_days == 0);
  BOOST_TEST((to_instant(h, zone("America/New_York")) == monday + 3h));
  BOOST_TEST(at_monday("in 30 mins") == "2026-11-16T13:30");
  BOOST_TEST(at_monday("in 12 hours") == "2026-11-17T01:00");
}

BOOST_AUTO_TEST_CASE(months_clamp_to_the_last_day) {
  const auto jan31 = local("America/New_York", 2027, 1, 31, 10);
  BOOST_TEST(first("in a month", jan31) == "2027-02-28");
  const auto jan31_leap = local("America/New_York", 2028, 1, 31, 10);
  BOOST_TEST(first("in a month", jan31_leap) == "2028-02-29");
}

BOOST_AUTO_TEST_CASE(the_past) {
  BOOST_TEST(at_monday("two days ago") == "2026-11-14");
  BOOST_TEST(at_monday("a week ago") == "2026-11-09");
  BOOST_TEST(at_monday("3 weeks back") == "2026-10-26");
  BOOST_TEST(at_monday("3 hours ago") == "2026-11-16T10:00");
  auto r = only("two days ago");
  BOOST_TEST((r.relation == date_relation::at));
  BOOST_TEST(r.offset_days == 0);
}

BOOST_AUTO_TEST_CASE(deadlines) {
  auto r = only("by Friday");
  BOOST_TEST((r.relation == date_relation::by));
  BOOST_TEST((r.day == day(2026, 11, 20)));
  for (const char* t : {"end of the week", "end of week", "eow", "by the end of the week", "EOW"}) {
    BOOST_TEST_CONTEXT(t) {
      auto e = only(t);
      BOOST_TEST((e.day == day(2026, 11, 20)));
      BOOST_TEST((e.relation == date_relation::by));
    }
  }
  for (const char* t : {"end of the day", "eod", "EOD", "by end of day", "close of business"}) {
    BOOST_TEST_CONTEXT(t) {
      auto e = only(t);
      BOOST_TEST((e.day == day(2026, 11, 16)));
      BOOST_TEST((e.relation == date_relation::by));
    }
  }
  BOOST_TEST(at_monday("end of next week") == "2026-11-27");
  BOOST_TEST(at_monday("end of the month") == "2026-11-30");
  BOOST_TEST(at_monday("eod tomorrow") == "2026-11-17");
  BOOST_TEST((only("friday eod").relation == date_relation::by));
  BOOST_TEST((only("by 5pm").relation == date_relation::by));
  BOOST_TEST(at_monday("by 5pm") == "2026-11-16T17:00");
  BOOST_TEST((only("before the 25th").relation == date_relation::by));
  BOOST_TEST((only("no later than dec 1").day == day(2026, 12, 1)));
}

BOOST_AUTO_TEST_CASE(number_words) {
  const char* words[] = {"one",   "two",   "three", "four", "five",   "six",
                         "seven", "eight", "nine",  "ten",  "eleven", "twelve"};
  for (int n = 1; n <= 12; ++n) {
    BOOST_TEST_CONTEXT(words[n - 1]) {
      auto r = only(std::string("in ") + words[n - 1] + " days");
      BOOST_TEST(r.offset_days == n);
      BOOST_TEST((r.day == day(2026, 11, 16) + ch::days{n}));
    }
  }
}

BOOST_AUTO_TEST_CASE(false_positives_are_not_dates) {
  for (const char* t : {"I called 3 times",
                        "2 people were on the panel",
                        "top 10 tips",
                        "may I call her?",
                        "interviewed at Acme",
                        "call me at 555-123-4567",
                        "my number is (415) 555-0134",
                        "mail it within 48 hours",
                        "48 hours is the limit",
                        "the 2nd interview went fine",
                        "I interviewed at 3 companies",
                        "10/10 would recommend",
                        "rated it 4/5",
                        "1/2 of them",
                        "24/7",
                        "I sat down",
                        "I'll march in",
                        "wed love to hear back",
                        "mondays are busy",
                        "it's a 9-5 job",
                        "version 2.30 released",
                        "class of 2019",
                        "c'mon",
                        "pm me",
                        "had 4 interviews in 2 weeks",
                        "next week",
                        "in december",
                        "the 3rd round",
                        "waited 2 weeks",
                        "at 10/10",
                        "is 3 calls in 2 days too many",
                        "twice in one day",
                        "moving on, no reply in 2 weeks"}) {
    BOOST_TEST_CONTEXT(t) {
      BOOST_TEST(at_monday(t) == "none");
    }
  }
}

BOOST_AUTO_TEST_CASE(every_date_in_order_with_offsets) {
  const std::string text = "interviewed at Acme today 2pm with Jane, she said call her in 4 days";
  const auto found = find_dates(text, monday, zone("America/New_York"));
  BOOST_REQUIRE_EQUAL(found.size(), 2u);
  BOOST_TEST(found[0].text == "today 2pm");
  BOOST_TEST((found[0].day == day(2026, 11, 16)));
  BOOST_TEST((found[0].time_of_day == std::optional<ch::minutes>{14h}));
  BOOST_TEST(found[1].text == "in 4 days");
  BOOST_TEST(found[1].offset_days == 4);
  for (const auto& f : found) {
    BOOST_TEST(text.substr(f.begin, f.end - f.begin) == f.text);
  }
  BOOST_TEST(found[0].begin < found[1].begin);
}

BOOST_AUTO_TEST_CASE(garbage_never_throws) {
  const auto& ny = zone("America/New_York");
  BOOST_TEST(find_dates("", monday, ny).empty());
  BOOST_TEST(find_dates("   \t\n ", monday, ny).empty());
  BOOST_TEST(find_dates("\xF0\x9F\x98\x80\xF0\x9F\x8E\x89", monday, ny).empty());
  BOOST_TEST(find_dates("\xff\xfe\xc3", monday, ny).empty());
  BOOST_TEST(find_dates(std::string("to\0morrow", 9), monday, ny).empty());
  BOOST_TEST(find_dates("\x01\x02\x1b[31m", monday, ny).empty());
  BOOST_TEST(find_dates("Vorstellungsgespr\xc3\xa4"
                        "ch morgen",
                        monday, ny)
                 .empty());
  BOOST_TEST(find_dates("\xe6\x98\x8e\xe5\xa4\xa9\xe9\x9d\xa2\xe8\xaf\x95", monday, ny).empty());
  BOOST_TEST(find_dates("ma\xc3\xb1"
                        "ana a las",
                        monday, ny)
                 .empty());
  BOOST_TEST(at_monday("tmrw\xF0\x9F\x99\x8F") == "2026-11-17");
  BOOST_TEST(at_monday("in 99999999999 days") == "none");
  BOOST_TEST(at_monday("in 100000 days") == "none");
  BOOST_TEST(at_monday("at 99:99") == "none");
  BOOST_TEST(at_monday("////:::---") == "none");

  std::mt19937 rng(42);
  const std::string alphabet = "0123456789/:-.@ apmtodayfrimonwedthusa\xc3\xa9\xf0\x9f\x98\x80\n,";
  for (int round = 0; round < 200; ++round) {
    std::string s;
    const int len = static_cast<int>(rng() % 4000);
    for (int i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
    BOOST_CHECK_NO_THROW(find_dates(s, monday, ny));
  }
  std::string huge;
  for (int i = 0; i < 20000; ++i) huge += "call me tomorrow at 3 or friday 2pm ";
  const auto start = ch::steady_clock::now();
  const auto found = find_dates(huge, monday, ny);
  BOOST_TEST((ch::steady_clock::now() - start < 2s));
  BOOST_TEST(found.size() <= 64u);
  BOOST_TEST(!found.empty());
}

BOOST_AUTO_TEST_CASE(month_and_year_boundaries) {
  const auto dec31 = local("America/New_York", 2026, 12, 31, 18);
  BOOST_TEST(first("tomorrow", dec31) == "2027-01-01");
  BOOST_TEST(first("next monday", dec31) == "2027-01-04");
  BOOST_TEST(first("friday", dec31) == "2027-01-01");
  BOOST_TEST(first("1/5", dec31) == "2027-01-05");
  BOOST_TEST(first("in 2 weeks", dec31) == "2027-01-14");
  BOOST_TEST(first("on the 2nd", dec31) == "2027-01-02");
  const auto jan1 = local("America/New_York", 2027, 1, 1, 9);
  BOOST_TEST(first("yesterday", jan1) == "2026-12-31");
  BOOST_TEST(first("last tuesday", jan1) == "2026-12-29");
  const auto jan29 = local("America/New_York", 2027, 1, 29, 9);
  BOOST_TEST(first("in 4 days", jan29) == "2027-02-02");
  BOOST_TEST(first("end of the month", jan29) == "2027-01-31");
  const auto nov30 = local("America/New_York", 2026, 11, 30, 9);
  BOOST_TEST(first("tomorrow", nov30) == "2026-12-01");
}

BOOST_AUTO_TEST_CASE(february_29) {
  const auto feb28_2028 = local("Europe/London", 2028, 2, 28, 10);
  BOOST_TEST(first("tomorrow", feb28_2028, "Europe/London") == "2028-02-29");
  BOOST_TEST(first("feb 29", feb28_2028, "Europe/London") == "2028-02-29");
  BOOST_TEST(first("2/29", feb28_2028, "Europe/London") == "2028-02-29");
  BOOST_TEST(first("in 2 days", feb28_2028, "Europe/London") == "2028-03-01");
  const auto feb28_2027 = local("Europe/London", 2027, 2, 28, 10);
  BOOST_TEST(first("tomorrow", feb28_2027, "Europe/London") == "2027-03-01");
  BOOST_TEST(first("feb 29", feb28_2027, "Europe/London") == "none");
  BOOST_TEST(first("2/29/2027", feb28_2027, "Europe/London") == "none");
  BOOST_TEST(first("2/29/2028", feb28_2027, "Europe/London") == "2028-02-29");
}

BOOST_AUTO_TEST_CASE(local_date_is_not_the_utc_date) {
  // 2026-06-10 20:00 UTC is already the 11th in Auckland (UTC+12).
  const auto t = utc(2026, 6, 10, 20);
  BOOST_TEST(first("today", t, "Pacific/Auckland") == "2026-06-11");
  BOOST_TEST(first("tomorrow at 9", t, "Pacific/Auckland") == "2026-06-12T09:00");
  BOOST_TEST(first("today", t, "America/Los_Angeles") == "2026-06-10");
  // 2026-11-15 21:30 UTC is 03:00 on the 16th in Kolkata (UTC+5:30).
  const auto k = utc(2026, 11, 15, 21, 30);
  BOOST_TEST(first("today", k, "Asia/Kolkata") == "2026-11-16");
  BOOST_TEST(first("monday", k, "Asia/Kolkata") == "2026-11-23");
  // 2026-11-17 04:00 UTC is still the evening of the 16th in Los Angeles.
  const auto la = utc(2026, 11, 17, 4);
  BOOST_TEST(first("tomorrow", la, "America/Los_Angeles") == "2026-11-17");
  BOOST_TEST(first("in 3 hrs", la, "America/Los_Angeles") == "2026-11-16T23:00");

  resolved_date d;
  d.day = day(2026, 11, 16);
  d.time_of_day = 9h;
  BOOST_TEST((to_instant(d, zone("Asia/Kolkata")) == utc(2026, 11, 16, 3, 30)));
  BOOST_TEST((to_instant(d, zone("Pacific/Auckland")) == utc(2026, 11, 15, 20)));
  BOOST_TEST((to_instant(d, zone("America/Los_Angeles")) == utc(2026, 11, 16, 17)));
}

BOOST_AUTO_TEST_CASE(to_instant_across_us_dst) {
  const auto& ny = zone("America/New_York");
  resolved_date d;
  d.day = day(2026, 3, 7);
  BOOST_TEST((to_instant(d, ny) == utc(2026, 3, 7, 14)));  // 09:00 EST, the default time
  d.day = day(2026, 3, 8);
  BOOST_TEST((to_instant(d, ny) == utc(2026, 3, 8, 13)));  // 09:00 EDT
  // 02:30 does not exist on 2026-03-08: it moves forward to 03:30 EDT.
  d.time_of_day = 2h + 30min;
  BOOST_TEST((to_instant(d, ny) == utc(2026, 3, 8, 7, 30)));
  BOOST_TEST(format_iso(to_instant(d, ny), ny) == "2026-03-08T03:30:00-04:00");
  // 01:30 happens twice on 2026-11-01: the earlier one, still EDT.
  d.day = day(2026, 11, 1);
  d.time_of_day = 1h + 30min;
  BOOST_TEST((to_instant(d, ny) == utc(2026, 11, 1, 5, 30)));
  d.time_of_day = 10h;
  BOOST_TEST((to_instant(d, ny) == utc(2026, 11, 1, 15)));      // 10:00 EST
  BOOST_TEST((to_instant(d, ny, 8h) == utc(2026, 11, 1, 15)));  // time given beats the default
  d.time_of_day.reset();
  BOOST_TEST((to_instant(d, ny, 10h) == utc(2026, 11, 1, 15)));

  // "tomorrow 9am" the evening before the change is 9 wall-clock hours into the new offset.
  const auto sat = local("America/New_York", 2026, 3, 7, 22);
  auto r = find_dates("tomorrow 9am", sat, ny);
  BOOST_REQUIRE_EQUAL(r.size(), 1u);
  BOOST_TEST((to_instant(r[0], ny) == utc(2026, 3, 8, 13)));
  // Relative hours are real hours: 00:30 EST + 3 h is 04:30 EDT.
  const auto early = local("America/New_York", 2026, 3, 8, 0, 30);
  BOOST_TEST(first("in 3 hrs", early) == "2026-03-08T04:30");
  // 00:30 EDT + 2 h on the fall-back night is the second 01:30 (EST).
  const auto fall = local("America/New_York", 2026, 11, 1, 0, 30);
  auto two = find_dates("in 2 hours", fall, ny);
  BOOST_REQUIRE_EQUAL(two.size(), 1u);
  BOOST_TEST(to_local_string(two[0]) == "2026-11-01T01:30");
  // A day count is calendar days, whatever the clocks do.
  const auto fri = local("America/New_York", 2026, 3, 6, 10);
  BOOST_TEST(first("in 2 days at 10am", fri) == "2026-03-08T10:00");
}

BOOST_AUTO_TEST_CASE(to_instant_across_eu_dst) {
  const auto& berlin = zone("Europe/Berlin");
  resolved_date d;
  d.day = day(2026, 3, 29);
  d.time_of_day = 2h + 30min;  // inside the gap: 03:30 CEST
  BOOST_TEST((to_instant(d, berlin) == utc(2026, 3, 29, 1, 30)));
  d.time_of_day = 10h;
  BOOST_TEST((to_instant(d, berlin) == utc(2026, 3, 29, 8)));
  d.day = day(2026, 3, 28);
  BOOST_TEST((to_instant(d, berlin) == utc(2026, 3, 28, 9)));
  d.day = day(2026, 10, 25);
  d.time_of_day = 2h + 30min;  // twice: the first, CEST
  BOOST_TEST((to_instant(d, berlin) == utc(2026, 10, 25, 0, 30)));
  d.time_of_day = 10h;
  BOOST_TEST((to_instant(d, berlin) == utc(2026, 10, 25, 9)));

  const auto fri = local("Europe/Berlin", 2026, 10, 23, 16);
  BOOST_TEST(first("sunday at 2:30pm", fri, "Europe/Berlin") == "2026-10-25T14:30");
  BOOST_TEST(first("monday", fri, "Europe/Berlin") == "2026-10-26");
  const auto sat_night = local("Europe/Berlin", 2026, 3, 28, 23, 30);
  BOOST_TEST(first("tomorrow", sat_night, "Europe/Berlin") == "2026-03-29");
  BOOST_TEST(first("in 4 hours", sat_night, "Europe/Berlin") == "2026-03-29T04:30");
}

BOOST_AUTO_TEST_CASE(json_shape) {
  const auto& ny = zone("America/New_York");
  auto j = to_json(only("friday at 3pm"), ny);
  BOOST_TEST(j["text"] == "friday at 3pm");
  BOOST_TEST(j["date"] == "2026-11-20");
  BOOST_TEST(j["time"] == "15:00");
  BOOST_TEST(j["at"] == "2026-11-20T15:00:00-05:00");
  BOOST_TEST(j["relation"] == "at");
  BOOST_TEST(!j.contains("days"));
  auto k = to_json(only("in 4 days"), ny);
  BOOST_TEST(k["time"].is_null());
  BOOST_TEST(k["at"].is_null());
  BOOST_TEST(k["relation"] == "in");
  BOOST_TEST(k["days"] == 4);
  BOOST_TEST(to_json(only("by friday"), ny)["relation"] == "by");
}

BOOST_AUTO_TEST_CASE(zones_by_name) {
  BOOST_TEST(find_zone("America/New_York") != nullptr);
  BOOST_TEST(find_zone("Asia/Kolkata") != nullptr);
  BOOST_TEST(find_zone("UTC") != nullptr);
  BOOST_TEST(find_zone("Mars/Olympus_Mons") == nullptr);
  BOOST_TEST(find_zone("") == nullptr);
  BOOST_TEST(find_zone(std::string(500, 'x')) == nullptr);
  BOOST_TEST(find_zone(std::string("America/New_York\0x", 18)) == nullptr);
}

BOOST_AUTO_TEST_CASE(formatting_in_local_time) {
  const auto& ny = zone("America/New_York");
  const auto t = utc(2026, 11, 27, 20);  // Friday 15:00 EST
  BOOST_TEST(format_day(t, ny) == "Friday, November 27");
  BOOST_TEST(format_time(t, ny) == "3:00 PM");
  BOOST_TEST(format_day_time(t, ny) == "Friday, November 27 at 3:00 PM");
  BOOST_TEST(format_time(utc(2026, 11, 27, 14, 30), ny) == "9:30 AM");
  BOOST_TEST(format_time(utc(2026, 11, 27, 17), ny) == "12:00 PM");
  BOOST_TEST(format_time(utc(2026, 11, 27, 5, 5), ny) == "12:05 AM");
  BOOST_TEST(format_iso(utc(2026, 11, 16, 19), ny) == "2026-11-16T14:00:00-05:00");
  BOOST_TEST(format_iso(utc(2026, 7, 1, 16, 0) + 7s + 500ms, ny) == "2026-07-01T12:00:07-04:00");
  BOOST_TEST(format_iso(utc(2026, 11, 16, 3, 30), zone("Asia/Kolkata")) ==
             "2026-11-16T09:00:00+05:30");
  BOOST_TEST(format_iso(utc(2026, 11, 16, 3, 30), zone("UTC")) == "2026-11-16T03:30:00+00:00");
  BOOST_TEST(format_iso(utc(2026, 6, 10, 20), zone("Pacific/Auckland")) ==
             "2026-06-11T08:00:00+12:00");
  BOOST_TEST(format_day(utc(2026, 6, 10, 20), zone("Pacific/Auckland")) == "Thursday, June 11");
  BOOST_TEST(format_day(utc(2026, 6, 10, 20), zone("America/Los_Angeles")) == "Wednesday, June 10");
}

BOOST_AUTO_TEST_CASE(relative_wording) {
  const auto& ny = zone("America/New_York");
  const auto now = monday;  // Monday 13:00
  BOOST_TEST(format_relative(local("America/New_York", 2026, 11, 16, 18), now, ny, false) ==
             "today");
  BOOST_TEST(format_relative(local("America/New_York", 2026, 11, 17, 10), now, ny, true) ==
             "tomorrow at 10:00 AM");
  BOOST_TEST(format_relative(local("America/New_York", 2026, 11, 15, 10), now, ny, false) ==
             "yesterday");
  BOOST_TEST(format_relative(local("America/New_York", 2026, 11, 20, 15), now, ny, true) ==
             "on Friday at 3:00 PM");
  BOOST_TEST(format_relative(local("America/New_York", 2026, 11, 22, 9), now, ny, false) ==
             "on Sunday");
  BOOST_TEST(format_relative(local("America/New_York", 2026, 11, 23, 9), now, ny, false) ==
             "on November 23");
  BOOST_TEST(format_relative(local("America/New_York", 2026, 11, 10, 9), now, ny, false) ==
             "on November 10");
  // Late evening in Los Angeles is already tomorrow in UTC; the wording follows the user.
  const auto& la = zone("America/Los_Angeles");
  const auto la_now = utc(2026, 11, 17, 5);  // Monday 21:00 in LA
  BOOST_TEST(format_relative(utc(2026, 11, 17, 6), la_now, la, true) == "today at 10:00 PM");
  BOOST_TEST(format_relative(utc(2026, 11, 17, 18), la_now, la, false) == "tomorrow");
  // Across the fall-back change a day is still a day.
  const auto sat = local("America/New_York", 2026, 10, 31, 20);
  BOOST_TEST(format_relative(local("America/New_York", 2026, 11, 1, 23), sat, ny, true) ==
             "tomorrow at 11:00 PM");
}

BOOST_AUTO_TEST_SUITE_END()
