#include "bot/conversation/nlu/reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/entities.hpp"
#include "bot/conversation/nlu/normalize.hpp"
#include "bot/conversation/nlu/places.hpp"
#include "bot/conversation/rules.hpp"

namespace followup::nlu {

namespace {

constexpr std::size_t max_steps = 4;
// A story told before the question counts for this much of the question's weight.
const float context_weight = [] {
  const char* v = std::getenv("FOLLOWUP_NLU_CONTEXT");  // tuning experiments only
  return v ? static_cast<float>(std::atof(v)) : 0.35f;
}();
// A statement clause the model reads as a question still logs what it reports when the best
// report intent is at least this likely.
constexpr double report_fallback = 0.1;
// A message's main intent reads as a question but nothing in it asks: what it reports instead,
// when the best report intent is at least this likely and its words say what to log.
constexpr double main_report_fallback = 0.15;
// At most this many questions beside the main one get answers of their own.
constexpr std::size_t max_extra_questions = 1;

bool any_word(const document& doc, const clause& c, std::initializer_list<std::string_view> ws) {
  for (std::size_t k = c.tb; k < c.te; ++k) {
    if (doc.tokens[k].word() && std::find(ws.begin(), ws.end(), doc.tokens[k].s) != ws.end()) {
      return true;
    }
  }
  return false;
}

// The clause's text without the words that join it to the one before ("and I'm in Toronto").
std::string_view clause_text(const document& doc, const clause& c) {
  std::size_t k = c.tb;
  while (k < c.te && doc.tokens[k].word() &&
         (doc.tokens[k].s == "and" || doc.tokens[k].s == "also" || doc.tokens[k].s == "oh" ||
          doc.tokens[k].s == "btw" || doc.tokens[k].s == "plus" || doc.tokens[k].s == "but" ||
          doc.tokens[k].s == "ps" || doc.tokens[k].s == "so")) {
    ++k;
  }
  return doc.slice(k, c.te);
}

int act_index(speech_act a) {
  return static_cast<int>(a);
}

}  // namespace

intent_reader::intent_reader(const rules& r) : rules_(r) {
  if (const char* b = std::getenv("FOLLOWUP_NLU_BOOST")) boost_ = std::atof(b);
  unknown_bias_ = r.off_topic_bias;
  if (const char* b = std::getenv("FOLLOWUP_NLU_OFFTOPIC")) unknown_bias_ = std::atof(b);
  for (auto& row : evidence_) row.fill(1.0);
  static constexpr std::pair<std::string_view, kind> kind_names[] = {
      {"question", question}, {"report", report}, {"request", request},
      {"social", social},     {"other", other}};
  auto kind_of = [](std::string_view name) {
    for (const auto& [n, k] : kind_names) {
      if (n == name) return k;
    }
    return other;
  };
  for (const auto& [act, row] : r.act_evidence) {
    int a = act == "question" ? 0 : act == "request" ? 1 : 2;
    if (act == "question") a = act_index(speech_act::question);
    if (act == "request") a = act_index(speech_act::request);
    if (act == "statement") a = act_index(speech_act::statement);
    for (const auto& [k, v] : row) evidence_[a][kind_of(k)] = v;
  }

  std::vector<weighted_words> docs;
  std::vector<int> labels;
  for (const auto& intent : r.intents) {
    int label = static_cast<int>(names_.size());
    names_.push_back(intent.name);
    kinds_.push_back(kind_of(intent.kind));
    if (intent.name == "unknown") unknown_ = label;
    for (const auto& e : intent.examples) {
      auto doc = analyse(e);
      docs.push_back(input(doc, 0, doc.clauses.size()));
      labels.push_back(label);
      // The asking clause of a long example is also an example on its own: the model learns
      // what the question looks like without the story around it.
      if (doc.clauses.size() > 1) {
        for (std::size_t c = 0; c < doc.clauses.size(); ++c) {
          const auto& cl = doc.clauses[c];
          if (cl.act == speech_act::statement || cl.words < 3) continue;
          docs.push_back(input(doc, c, c + 1));
          labels.push_back(label);
        }
      }
    }
  }
  for (const auto& d : docs) {
    for (const auto& t : d.words) spelling_.add(t);
  }
  for (std::size_t i = 0; i < r.intents.size(); ++i) {
    for (const auto& k : r.intents[i].keywords) {
      auto toks = tokenize(k, r.abbreviations);
      for (const auto& t : toks) spelling_.add(t);
      if (toks.empty()) continue;
      std::string phrase;
      for (const auto& t : toks) phrase += (phrase.empty() ? "" : " ") + t;
      keywords_.add(phrase, static_cast<int>(keyword_intents_.size()));
      keyword_intents_.push_back(static_cast<int>(i));
    }
  }
  samples_ = docs.size();
  if (!docs.empty()) {
    model_.train(docs, labels, static_cast<int>(names_.size()),
                 text_classifier::options::from_env());
  }
  // Spelling correction applies from here on: training saw the words as written.
  trained_ = true;
}

int intent_reader::index_of(std::string_view intent) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == intent) return static_cast<int>(i);
  }
  return -1;
}

weighted_words intent_reader::input(const document& doc, std::size_t cb, std::size_t ce) const {
  weighted_words in;
  bool asks = false;
  for (std::size_t c = cb; c < ce; ++c) asks = asks || doc.clauses[c].act != speech_act::statement;
  for (std::size_t c = cb; c < ce; ++c) {
    const auto& cl = doc.clauses[c];
    std::size_t before = in.words.size();
    classifier_words(doc.tokens, cl.tb, cl.te, rules_.abbreviations, in.words, 200);
    if (trained_) {
      for (std::size_t k = before; k < in.words.size(); ++k) {
        in.words[k] = spelling_.correct(in.words[k]);
      }
    }
    float w = asks && cl.act == speech_act::statement ? context_weight : 1.0f;
    in.segments.push_back({static_cast<std::uint32_t>(in.words.size()), w});
  }
  return in;
}

std::vector<std::string> intent_reader::words(const document& doc, std::size_t tb,
                                              std::size_t te) const {
  std::vector<std::string> out;
  classifier_words(doc.tokens, tb, te, rules_.abbreviations, out, 400);
  for (auto& w : out) w = spelling_.correct(w);
  return out;
}

std::vector<double> intent_reader::probabilities(const weighted_words& in, speech_act act,
                                                 const evidence_scope* scope) const {
  auto z = model_.scores(in);
  for (int k : keywords_.find(in.words)) z[static_cast<std::size_t>(keyword_intents_[k])] += boost_;
  if (unknown_ >= 0) z[static_cast<std::size_t>(unknown_)] += unknown_bias_;
  const double t = rules_.temperature > 0 ? rules_.temperature : 1;
  double mx = *std::max_element(z.begin(), z.end());
  double sum = 0;
  std::vector<double> p(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    p[i] = std::exp((z[i] - mx) / t) * evidence_[act_index(act)][kinds_[i]];
    sum += p[i];
  }
  for (auto& x : p) x /= sum;
  if (!scope) return p;
  // What the statements' own words show they report weighs in: only for reports the model
  // already finds plausible, so most messages cost no entity reading here.
  sum = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (kinds_[i] == report && p[i] >= 0.02) {
      bool carried = false;
      for (std::size_t c = scope->cb; c < scope->ce && !carried; ++c) {
        if (scope->doc.clauses[c].act != speech_act::statement) continue;
        carried = carries(scope->doc, c, static_cast<int>(i), scope->known);
      }
      p[i] *= carried ? rules_.report_carried : rules_.report_missing;
    }
    sum += p[i];
  }
  for (auto& x : p) x /= sum;
  return p;
}

bool intent_reader::mostly_unseen(const weighted_words& in) const {
  // Mostly words the bot has never seen (another language, gibberish): the model would only
  // be guessing from a stray letter pattern.
  std::size_t words = 0, unseen = 0;
  for (const auto& t : in.words) {
    if (t.front() == '<' || t.size() < 2) continue;
    ++words;
    unseen += !spelling_.known(t);
  }
  return words >= 2 && unseen * 4 >= words * 3;
}

// Evidence in the clause's own words that it carries `intent`, beyond the model's opinion: a
// report is logged only when it says what to log.
bool intent_reader::carries(const document& doc, std::size_t clause_index, int intent,
                            facts& known) const {
  auto& f = known[clause_index];
  if (f.carries.empty()) f.carries.assign(names_.size(), -1);
  auto& slot = f.carries[static_cast<std::size_t>(intent)];
  if (slot < 0) {
    const auto& c = doc.clauses[clause_index];
    if (!f.entities) f.entities = extract_entities(doc, c.tb, c.te);
    slot = carries_uncached(doc, c, intent, *f.entities) ? 1 : 0;
  }
  return slot == 1;
}

bool intent_reader::carries_uncached(const document& doc, const clause& c, int intent,
                                     const nlohmann::json& found) const {
  const auto& name = names_[static_cast<std::size_t>(intent)];
  if (kinds_[static_cast<std::size_t>(intent)] == question) return c.act != speech_act::statement;
  auto entities = [&]() -> const nlohmann::json& { return found; };
  if (name == "register_interview") {
    if (entities().contains("company")) return true;
    return any_word(doc, c, {"interview", "interviewed", "onsite", "screen", "round"}) &&
           any_word(doc, c, {"today", "now", "just", "done", "over", "tomorrow", "tmrw",
                             "yesterday", "morning", "afternoon"});
  }
  if (name == "log_call") {
    return entities().contains("call_outcome") ||
           any_word(doc, c, {"called", "rang", "phoned", "rung", "dialed", "dialled", "tried"});
  }
  if (name == "log_thank_you") {
    return any_word(doc, c, {"thank", "thanks", "note", "card", "thx"}) &&
           any_word(doc, c, {"sent", "emailed", "mailed", "posted", "dropped", "wrote",
                             "texted", "dm'd", "dmed", "messaged", "thanked", "send", "mail",
                             "post"});
  }
  if (name == "set_follow_up_date") {
    return !find_dates(doc, c.tb, c.te, sys_time{}, *find_zone("UTC")).empty();
  }
  if (name == "record_outcome") return entities().contains("outcome");
  if (name == "nudge_settings") {
    return any_word(doc, c, {"remind", "reminder", "reminders", "nudge", "nudges", "quiet",
                             "snooze", "notifications", "notification", "pings", "alerts"});
  }
  if (name == "delete_data") {
    return any_word(doc, c, {"delete", "remove", "erase", "forget", "wipe"});
  }
  if (kinds_[static_cast<std::size_t>(intent)] == social) {
    return any_word(doc, c, {"hi", "hello", "hey", "hiya", "morning", "thanks", "thank", "thx",
                             "ty", "cheers", "appreciate", "grateful", "tysm", "helpful"});
  }
  if (name == "help") return c.act != speech_act::statement;
  if (name == "show_status") {
    return any_word(doc, c, {"status", "interviews", "pending", "tracking", "list"});
  }
  return false;
}

reading intent_reader::read(const document& doc) const {
  reading out;
  const int n = static_cast<int>(names_.size());
  if (n == 0) return out;
  auto unknown = [&](double confidence) {
    out.unreadable = true;
    out.main = unknown_;
    out.confidence = confidence;
    out.steps.push_back({unknown_, confidence, 0, static_cast<std::uint32_t>(doc.tokens.size()),
                         true, false, speech_act::statement});
    return out;
  };
  auto whole = input(doc, 0, doc.clauses.size());
  bool has_word = std::any_of(whole.words.begin(), whole.words.end(), [](const std::string& t) {
    return t.front() != '<' || t == "<num>";
  });
  // Emoji only, another script, or punctuation: nothing the model can read.
  if (!has_word) return unknown(1.0);
  if (mostly_unseen(whole)) return unknown(0.9);

  // A whole message that says where the user is: a setting, whatever else the model thinks.
  const int settings = index_of("nudge_settings");
  if (doc.clauses.size() == 1 && settings >= 0 &&
      stated_place(clause_text(doc, doc.clauses[0]), rules_)) {
    out.main = settings;
    out.confidence = 1;
    out.steps.push_back({settings, 1, 0, static_cast<std::uint32_t>(doc.tokens.size()), true,
                         true, speech_act::statement});
    return out;
  }

  speech_act main_act = speech_act::statement;
  for (const auto& c : doc.clauses) {
    if (c.act == speech_act::question) main_act = speech_act::question;
    if (c.act == speech_act::request && main_act == speech_act::statement) {
      main_act = speech_act::request;
    }
  }
  // What the message's own words show it reports weighs in too ("the Fairmount interview is
  // done": a company and an interview said to be over).
  facts known(doc.clauses.size());
  const evidence_scope whole_scope{doc, 0, doc.clauses.size(), known};
  auto p = probabilities(whole, main_act, &whole_scope);
  std::vector<int> order(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  std::partial_sort(order.begin(), order.begin() + std::min(2, n), order.end(),
                    [&](int a, int b) { return p[a] > p[b]; });
  int main = order[0];
  double confidence = p[static_cast<std::size_t>(main)];
  // "Thanked the hiring manager with a LinkedIn DM", "didnt get it lol oh well": nothing asks,
  // so what the message reports is what it means, when its words say what to log.
  const auto main_kind = kinds_[static_cast<std::size_t>(main)];
  if (main_act == speech_act::statement && (main_kind == question || main == unknown_)) {
    int best_report = -1;
    for (int i = 0; i < n; ++i) {
      if (kinds_[static_cast<std::size_t>(i)] != report) continue;
      if (best_report < 0 || p[static_cast<std::size_t>(i)] > p[static_cast<std::size_t>(best_report)]) {
        best_report = i;
      }
    }
    const double floor = main == unknown_ ? 1.5 * main_report_fallback : main_report_fallback;
    if (best_report >= 0 && p[static_cast<std::size_t>(best_report)] >= floor) {
      bool says = false;
      for (std::size_t c = 0; c < doc.clauses.size(); ++c) {
        says = says || carries(doc, c, best_report, known);
      }
      if (says) {
        main = best_report;
        confidence = std::max(p[static_cast<std::size_t>(best_report)], rules_.confidence_threshold);
      }
    }
  }
  out.second = n > 1 ? order[1] : -1;
  out.second_confidence = n > 1 ? p[static_cast<std::size_t>(order[1])] : 0;

  // Clause by clause: what else the message carries.
  std::vector<reading_step> also;
  std::vector<bool> taken(doc.clauses.size(), false);
  // Whether a clause says something of its own (an intent it carries, sure enough).
  std::vector<bool> says_own(doc.clauses.size(), false);
  std::vector<std::pair<int, double>> clause_best(doc.clauses.size(), {-1, 0.0});
  // The last question a message asks is the main one's to answer.
  std::size_t main_clause = doc.clauses.size();
  if (main_act == speech_act::question && kinds_[static_cast<std::size_t>(main)] == question) {
    for (std::size_t c = doc.clauses.size(); c-- > 0;) {
      if (doc.clauses[c].act == speech_act::question) {
        main_clause = c;
        break;
      }
    }
  }
  std::size_t extra_questions = 0;
  if (doc.clauses.size() > 1) {
    for (std::size_t c = 0; c < doc.clauses.size(); ++c) {
      const auto& cl = doc.clauses[c];
      if (cl.words == 0) continue;
      reading_step s;
      s.tb = cl.tb;
      s.te = cl.te;
      s.act = cl.act;
      if (settings >= 0 && cl.act == speech_act::statement &&
          stated_place(clause_text(doc, cl), rules_)) {
        s.intent = settings;
        s.confidence = 1;
        s.place = true;
      } else {
        const evidence_scope clause_scope{doc, c, c + 1, known};
        auto pc = probabilities(input(doc, c, c + 1), cl.act, &clause_scope);
        auto best = std::max_element(pc.begin(), pc.end()) - pc.begin();
        s.intent = static_cast<int>(best);
        s.confidence = pc[static_cast<std::size_t>(best)];
        bool via_fallback = false;
        if (cl.act == speech_act::statement && kinds_[static_cast<std::size_t>(best)] == question) {
          // A statement read as a question ("tried her again, voicemail for the second time"
          // before "should I keep trying?"): what it reports, if it says what to log.
          int report_best = -1;
          for (int i = 0; i < n; ++i) {
            if (kinds_[static_cast<std::size_t>(i)] != report) continue;
            if (report_best < 0 || pc[static_cast<std::size_t>(i)] > pc[static_cast<std::size_t>(report_best)]) {
              report_best = i;
            }
          }
          if (report_best >= 0 && pc[static_cast<std::size_t>(report_best)] >= report_fallback &&
              carries(doc, c, report_best, known)) {
            s.intent = report_best;
            s.confidence = pc[static_cast<std::size_t>(report_best)];
            via_fallback = true;
          }
        }
        const auto k = kinds_[static_cast<std::size_t>(s.intent)];
        const bool sure = s.confidence >= rules_.also_threshold || via_fallback;
        const bool carried = sure && k != other && carries(doc, c, s.intent, known);
        says_own[c] = carried;
        clause_best[c] = {s.intent, s.confidence};
        if (s.intent == main || !carried || (k == social && cl.words > 8) || c == main_clause) {
          continue;
        }
        if (k == question && extra_questions++ >= max_extra_questions) continue;
      }
      // One step for neighbouring clauses that say the same thing.
      if (!also.empty() && also.back().intent == s.intent && !s.place && !also.back().place &&
          c > 0 && taken[c - 1]) {
        also.back().te = s.te;
        also.back().confidence = std::max(also.back().confidence, s.confidence);
      } else {
        also.push_back(s);
      }
      taken[c] = true;
    }
  }
  // "Interviewed at Acme today with Jane. She said they'd decide by Friday": the dates of an
  // interview being registered belong to it, not to a step of their own.
  const int registering = index_of("register_interview");
  const int follow_up_date = index_of("set_follow_up_date");
  std::vector<int> main_absorbed;
  for (std::size_t i = 0; i < also.size();) {
    if (also[i].intent != follow_up_date) {
      ++i;
      continue;
    }
    if (main == registering) {
      for (std::size_t c = 0; c < doc.clauses.size(); ++c) {
        if (doc.clauses[c].tb >= also[i].tb && doc.clauses[c].te <= also[i].te) taken[c] = false;
      }
      main_absorbed.push_back(follow_up_date);
      also.erase(also.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    if (i > 0 && also[i - 1].intent == registering) {
      also[i - 1].te = also[i].te;
      also[i - 1].absorbed.push_back(follow_up_date);
      also.erase(also.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    ++i;
  }
  // What follows a report and only tells more belongs to it ("Just got back from my interview
  // at Ridgeview Dental, I met Naomi Okafor at 11 this morning. Is email ok...?"), up to a
  // clause that asks or that another step took.
  for (auto& st : also) {
    if (kinds_[static_cast<std::size_t>(st.intent)] != report) continue;
    for (std::size_t c = 0; c < doc.clauses.size(); ++c) {
      const auto& cl = doc.clauses[c];
      if (cl.tb < st.te) continue;
      if (taken[c] || cl.act != speech_act::statement || says_own[c]) break;
      st.te = cl.te;
      taken[c] = true;
    }
  }
  // A clause that says the main intent plainly lifts a message whose other clauses are filler
  // ("the Fairmount interview is done!! so relieved").
  for (std::size_t c = 0; c < doc.clauses.size() && doc.clauses.size() > 1; ++c) {
    if (taken[c] || doc.clauses[c].words == 0) continue;
    if (clause_best[c].first == main && clause_best[c].second > confidence && says_own[c]) {
      confidence = clause_best[c].second;
    }
  }
  // The main step reads the clauses no other step took.
  std::uint32_t mb = static_cast<std::uint32_t>(doc.tokens.size()), me = 0;
  for (std::size_t c = 0; c < doc.clauses.size(); ++c) {
    if (taken[c]) continue;
    mb = std::min(mb, doc.clauses[c].tb);
    me = std::max(me, doc.clauses[c].te);
  }
  const bool main_social = kinds_[static_cast<std::size_t>(main)] == social;
  const bool weak_unknown =
      main == unknown_ && (main_act != speech_act::question || confidence < 0.5);
  const bool reports = std::any_of(also.begin(), also.end(), [&](const reading_step& s) {
    return kinds_[static_cast<std::size_t>(s.intent)] == report;
  });
  // "walking out of the Halden interview now. think it went ok??": a vague question the bot
  // cannot answer does not outweigh the report beside it; nor does advice the user never asked
  // for outweigh what they told ("messaged them both on Instagram to say thanks").
  const bool main_question = kinds_[static_cast<std::size_t>(main)] == question;
  std::uint32_t asking_words = 0;
  for (const auto& c : doc.clauses) {
    if (c.act == speech_act::question) asking_words += c.words;
  }
  const bool weak_question =
      main_question && reports &&
      (main_act == speech_act::statement ||
       (confidence < rules_.confidence_threshold && asking_words <= 6));
  if (weak_question) {
    std::erase_if(also, [&](const reading_step& s) {
      return kinds_[static_cast<std::size_t>(s.intent)] == question;
    });
  }
  if (mb >= me || ((main_social || weak_unknown || weak_question) && !also.empty())) {
    // Nothing left for the main intent, or only a greeting around real content: the first
    // question the message asks leads, else its first step.
    auto lead = std::find_if(also.begin(), also.end(),
                             [](const reading_step& s) { return s.act == speech_act::question; });
    if (lead == also.end()) lead = also.begin();
    if (lead != also.end()) {
      main = lead->intent;
      confidence = lead->confidence;
      lead->main = true;
      mb = me = 0;  // no step of its own
    }
  }
  std::vector<reading_step> steps = std::move(also);
  if (mb < me) {
    steps.push_back({main, confidence, mb, me, true, false, main_act, main_absorbed});
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const reading_step& a, const reading_step& b) { return a.tb < b.tb; });
  if (steps.size() > max_steps) {
    // Keep the main step and the first others.
    std::vector<reading_step> kept;
    for (const auto& s : steps) {
      if (s.main || kept.size() + 1 < max_steps) kept.push_back(s);
    }
    steps = std::move(kept);
  }
  out.main = main;
  out.confidence = confidence;
  out.steps = std::move(steps);
  out.clause_entities.reserve(known.size());
  for (auto& f : known) out.clause_entities.push_back(std::move(f.entities));
  return out;
}

std::vector<intent_reader::clause_view> intent_reader::explain(const document& doc) const {
  std::vector<clause_view> out;
  facts known(doc.clauses.size());
  for (std::size_t c = 0; c < doc.clauses.size(); ++c) {
    const auto& cl = doc.clauses[c];
    const evidence_scope clause_scope{doc, c, c + 1, known};
    auto pc = probabilities(input(doc, c, c + 1), cl.act, &clause_scope);
    auto best = std::max_element(pc.begin(), pc.end()) - pc.begin();
    out.push_back({std::string(doc.slice(cl)), cl.act, names_[static_cast<std::size_t>(best)],
                   pc[static_cast<std::size_t>(best)],
                   carries(doc, c, static_cast<int>(best), known)});
  }
  return out;
}

}  // namespace followup::nlu
