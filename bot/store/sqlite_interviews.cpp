#include "bot/store/sqlite_interviews.hpp"

#include <algorithm>
#include <map>

namespace followup::sqlite {

namespace {
using std::chrono::days;
using std::chrono::local_days;

std::optional<local_days> day_column(const statement& s, int i) {
  if (s.column_is_null(i)) return std::nullopt;
  return local_days{days{s.column_int(i)}};
}

void bind_day(statement& s, int i, const std::optional<local_days>& d) {
  if (d) {
    s.bind(i, static_cast<std::int64_t>(d->time_since_epoch().count()));
  } else {
    s.bind_null(i);
  }
}
}  // namespace

interview_tables::interview_tables(database& db)
    : select_interviews_(db.prepare(
          "SELECT id, company, role, at, at_has_time, status, decision_by, call_on, calls, "
          "voicemails, unanswered, thank_you_plan, created_at, snoozed_until, round, application, "
          "lesson_asked, version FROM interviews "
          "WHERE user_id = ? "
          "ORDER BY id")),
      select_people_(db.prepare(
          "SELECT interview_id, name, title, preferred_channel, thanked_at, thanked_via FROM "
          "people WHERE user_id = ? ORDER BY interview_id, position")),
      select_contacts_(
          db.prepare("SELECT interview_id, at, kind, outcome, with_name, note FROM contact_log "
                     "WHERE user_id = ? ORDER BY interview_id, position")),
      upsert_interview_(db.prepare(
          "INSERT INTO interviews (user_id, id, company, role, at, at_has_time, status, "
          "decision_by, call_on, calls, voicemails, unanswered, thank_you_plan, created_at, "
          "updated_at, snoozed_until, round, application, lesson_asked) VALUES (?1, ?2, ?3, ?4, "
          "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) ON CONFLICT "
          "(user_id, id) DO UPDATE SET company = ?3, "
          "role = ?4, "
          "at = ?5, at_has_time = ?6, status = ?7, decision_by = ?8, call_on = ?9, calls = ?10, "
          "voicemails = ?11, unanswered = ?12, thank_you_plan = ?13, updated_at = ?15, "
          "snoozed_until = ?16, round = ?17, application = ?18, lesson_asked = ?19, "
          "version = version + 1")),
      delete_interview_(db.prepare("DELETE FROM interviews WHERE user_id = ? AND id = ?")),
      delete_people_(db.prepare("DELETE FROM people WHERE user_id = ? AND interview_id = ?")),
      delete_contacts_(
          db.prepare("DELETE FROM contact_log WHERE user_id = ? AND interview_id = ?")),
      insert_person_(db.prepare(
          "INSERT INTO people (user_id, interview_id, position, name, title, preferred_channel, "
          "thanked_at, thanked_via) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")),
      insert_contact_(
          db.prepare("INSERT INTO contact_log (user_id, interview_id, position, at, kind, outcome, "
                     "with_name, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {}

std::vector<interview> interview_tables::load(std::int64_t user_row) {
  std::vector<interview> out;
  std::map<int, std::size_t> index;
  select_interviews_.bind(1, user_row);
  while (select_interviews_.step()) {
    auto& s = select_interviews_;
    interview i;
    i.id = static_cast<int>(s.column_int(0));
    i.company = s.column_text(1);
    i.role = s.column_text(2);
    i.at = from_millis(s.column_int(3));
    i.at_has_time = s.column_int(4) != 0;
    i.status = parse_status(s.column_text(5)).value_or(interview_status::awaiting_decision);
    i.decision_by = day_column(s, 6);
    i.call_on = day_column(s, 7);
    i.calls = static_cast<int>(s.column_int(8));
    i.voicemails = static_cast<int>(s.column_int(9));
    i.unanswered = static_cast<int>(s.column_int(10));
    i.thank_you_plan = s.column_text(11);
    i.created_at = from_millis(s.column_int(12));
    i.snoozed_until = day_column(s, 13);
    i.round = static_cast<int>(std::max<std::int64_t>(1, s.column_int(14)));
    if (!s.column_is_null(15)) i.application = static_cast<int>(s.column_int(15));
    i.lesson_asked = s.column_int(16) != 0;
    i.version = static_cast<int>(s.column_int(17));
    index[i.id] = out.size();
    out.push_back(std::move(i));
  }
  select_interviews_.reset();
  if (out.empty()) return out;

  select_people_.bind(1, user_row);
  while (select_people_.step()) {
    auto& s = select_people_;
    auto it = index.find(static_cast<int>(s.column_int(0)));
    if (it == index.end()) continue;
    person p;
    p.name = s.column_text(1);
    p.title = s.column_text(2);
    p.preferred_channel = s.column_text(3);
    if (!s.column_is_null(4)) p.thanked_at = from_millis(s.column_int(4));
    p.thanked_via = s.column_text(5);
    out[it->second].people.push_back(std::move(p));
  }
  select_people_.reset();

  select_contacts_.bind(1, user_row);
  while (select_contacts_.step()) {
    auto& s = select_contacts_;
    auto it = index.find(static_cast<int>(s.column_int(0)));
    if (it == index.end()) continue;
    contact c;
    c.at = from_millis(s.column_int(1));
    c.kind = s.column_text(2);
    c.outcome = s.column_text(3);
    c.with = s.column_text(4);
    c.note = s.column_text(5);
    out[it->second].contact_log.push_back(std::move(c));
  }
  select_contacts_.reset();
  return out;
}

void interview_tables::save(std::int64_t user_row, const std::vector<interview>& before,
                            const std::vector<interview>& after, sys_time now) {
  auto find = [](const std::vector<interview>& list, int id) -> const interview* {
    auto it =
        std::find_if(list.begin(), list.end(), [id](const interview& i) { return i.id == id; });
    return it == list.end() ? nullptr : &*it;
  };
  for (const auto& old : before) {
    if (!find(after, old.id)) delete_interview_.bind(1, user_row).bind(2, old.id).run();
  }
  for (const auto& i : after) {
    const auto* old = find(before, i.id);
    if (old && *old == i) continue;
    write(user_row, i, now);
  }
}

void interview_tables::write(std::int64_t user_row, const interview& i, sys_time now) {
  auto& u = upsert_interview_;
  u.bind(1, user_row)
      .bind(2, i.id)
      .bind(3, i.company)
      .bind(4, i.role)
      .bind(5, to_millis(i.at))
      .bind(6, i.at_has_time ? 1 : 0)
      .bind(7, to_string(i.status));
  bind_day(u, 8, i.decision_by);
  bind_day(u, 9, i.call_on);
  u.bind(10, i.calls)
      .bind(11, i.voicemails)
      .bind(12, i.unanswered)
      .bind(13, i.thank_you_plan)
      .bind(14, to_millis(i.created_at))
      .bind(15, to_millis(now));
  bind_day(u, 16, i.snoozed_until);
  u.bind(17, i.round);
  if (i.application != 0 && i.application != i.id) {
    u.bind(18, i.application);
  } else {
    u.bind_null(18);
  }
  u.bind(19, i.lesson_asked ? 1 : 0);
  u.run();
  // Children are few (a dozen people, a log capped at max_contact_log): rewriting them whole
  // is simpler than diffing and costs little.
  delete_people_.bind(1, user_row).bind(2, i.id).run();
  delete_contacts_.bind(1, user_row).bind(2, i.id).run();
  int pos = 0;
  for (const auto& p : i.people) {
    insert_person_.bind(1, user_row)
        .bind(2, i.id)
        .bind(3, pos++)
        .bind(4, p.name)
        .bind(5, p.title)
        .bind(6, p.preferred_channel);
    if (p.thanked_at) {
      insert_person_.bind(7, to_millis(*p.thanked_at));
    } else {
      insert_person_.bind_null(7);
    }
    insert_person_.bind(8, p.thanked_via).run();
  }
  pos = 0;
  for (const auto& c : i.contact_log) {
    insert_contact_.bind(1, user_row)
        .bind(2, i.id)
        .bind(3, pos++)
        .bind(4, to_millis(c.at))
        .bind(5, c.kind)
        .bind(6, c.outcome)
        .bind(7, c.with)
        .bind(8, c.note)
        .run();
  }
}

}  // namespace followup::sqlite
