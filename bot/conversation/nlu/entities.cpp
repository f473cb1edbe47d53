#include "bot/conversation/nlu/entities.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/normalize.hpp"
#include "bot/conversation/nlu/phrase_index.hpp"

namespace followup::nlu {
namespace {

// A word of the message for names: glued pieces joined ("AT&T", "co-founder", "J.P."), the
// spelling as written and a folded copy, and the punctuation around it.
struct word {
  std::string text;
  std::string low;
  bool capitalized = false;
  bool punct_after = false;  // , . ; : ! ? ( ) / follows before the next word
  bool open_paren_before = false;
  std::size_t begin = 0, end = 0;  // bytes of the message
};

std::vector<word> split_words(const document& doc, std::size_t tb, std::size_t te) {
  std::vector<word> out;
  const auto& t = doc.tokens;
  te = std::min(te, t.size());
  bool paren = false;
  for (std::size_t k = tb; k < te && out.size() < 400; ++k) {
    const auto& tok = t[k];
    if (tok.kind != token_kind::word) {
      if (tok.kind == token_kind::punct) {
        if (!out.empty() &&
            std::string_view(",.;:!?()[]/\n").find(tok.s) != std::string_view::npos) {
          out.back().punct_after = true;
        }
        // "&" standing alone is a word of names ("Barnes & Noble").
        if (tok.s == "&") {
          word amp;
          amp.text = amp.low = "&";
          amp.begin = tok.begin;
          amp.end = tok.end;
          out.push_back(std::move(amp));
        }
        paren = tok.s == "(";
      }
      continue;
    }
    word w;
    w.begin = tok.begin;
    w.end = tok.end;
    w.low = tok.s;
    w.capitalized = tok.capital;
    // Glue "AT&T", "co-founder", "J.P." back together.
    while (k + 2 < te && t[k + 1].kind == token_kind::punct && t[k + 1].begin == t[k].end &&
           (t[k + 1].s == "&" || t[k + 1].s == "-" || t[k + 1].s == ".") && t[k + 2].word() &&
           t[k + 2].begin == t[k + 1].end) {
      w.low += t[k + 1].s + t[k + 2].s;
      w.end = t[k + 2].end;
      k += 2;
    }
    w.text = std::string(std::string_view(doc.text).substr(w.begin, w.end - w.begin));
    if (w.text.size() > 2 && (w.text.ends_with("'s") || w.text.ends_with("\u2019s"))) {
      auto cut = w.text.ends_with("'s") ? 2 : 4;
      w.text.resize(w.text.size() - cut);
      w.end -= cut;
      if (w.low.ends_with("'s")) w.low.resize(w.low.size() - 2);
    }
    w.open_paren_before = paren;
    paren = false;
    out.push_back(std::move(w));
  }
  return out;
}

// Searched for every word of every message: the length and first letter rule out nearly
// every entry before the bytes are compared.
bool in(std::string_view s, std::initializer_list<std::string_view> list) {
  if (s.empty()) return false;
  for (const auto& w : list) {
    if (w.size() == s.size() && w[0] == s[0] && w == s) return true;
  }
  return false;
}

// Word lists looked up for every word of every message: hashed, built once.
using word_set = std::unordered_set<std::string_view>;

// Words that end a name or company.
bool is_stop(const std::string& low) {
  static const word_set words{
      "today",       "tomorrow", "tmrw",    "tmr",       "yesterday", "tonight",   "this",
      "next",        "last",     "on",      "at",        "with",      "for",       "and",
      "but",         "so",       "she",     "he",        "they",      "i",         "we",
      "my",          "to",       "in",      "about",     "around",    "by",        "am",
      "pm",          "a",        "an",      "the",       "who",       "is",        "was",
      "said",        "says",     "told",    "will",      "would",     "should",    "said",
      "re",          "monday",   "tuesday", "wednesday", "thursday",  "friday",    "saturday",
      "sunday",      "mon",      "tue",     "tues",      "wed",       "thu",       "thur",
      "thurs",       "fri",      "morning", "afternoon", "evening",   "interview", "interviews",
      "interviewed", "office",   "call",    "called",    "email",     "emailed",   "then",
      "after",       "before",   "from",    "of",        "or",        "via",       "over",
      "again",       "it",       "that",    "there",     "her",       "him",       "them",
      "did",         "do",       "does",    "had",       "has",       "have",      "if",
      "when",        "what",     "how",     "yet",       "just",      "because",   "since",
      "as",          "asap",     "rn",      "ok",        "okay",      "pls",       "please",
      "saw",         "met",      "spoke",   "talked",    "sent",      "rang",      "phoned",
      "left",        "asked",    "thanked", "finally",   "tried",     "texted",    "messaged",
      "got",         "just",     "still",   "hope",      "hoping",    "thought",   "think",
      "w/",          "i'm",      "im",      "i've",      "i'd",       "i'll",      "ive",
      "via",         "zoom",     "teams",   "tmr",       "tmrw",      "tomorow"};
  return words.count(low) != 0;
}

bool is_month(const std::string& low) {
  static const word_set words{"january", "february", "march",     "april",   "may",      "june",
                              "july",    "august",   "september", "october", "november", "december",
                              "jan",     "feb",      "mar",       "apr",     "jun",      "jul",
                              "aug",     "sep",      "sept",      "oct",     "nov",      "dec"};
  return words.count(low) != 0;
}

bool company_suffix(const std::string& low) {
  static const word_set words{"inc",
                              "corp",
                              "corporation",
                              "llc",
                              "ltd",
                              "co",
                              "labs",
                              "lab",
                              "group",
                              "technologies",
                              "tech",
                              "systems",
                              "solutions",
                              "bank",
                              "partners",
                              "health",
                              "capital",
                              "media",
                              "software",
                              "university",
                              "hospital",
                              "industries",
                              "consulting",
                              "analytics",
                              "holdings",
                              "gmbh",
                              "plc",
                              "ag",
                              "studios",
                              "foods",
                              "freight",
                              "logistics",
                              "motors",
                              "airlines",
                              "insurance",
                              "pharma",
                              "energy",
                              "credit",
                              "union",
                              "clinic",
                              "school",
                              "college",
                              "academy",
                              "housing",
                              "association",
                              "council",
                              "agency",
                              "studio",
                              "design",
                              "marketing",
                              "retail",
                              "stores",
                              "bakery",
                              "restaurant",
                              "hotel",
                              "hotels",
                              "construction",
                              "engineering",
                              "manufacturing",
                              "marine",
                              "transport",
                              "shipping",
                              "supply",
                              "services",
                              "networks",
                              "digital",
                              "data",
                              "security",
                              "financial",
                              "finance",
                              "legal",
                              "law",
                              "solicitors",
                              "accountants",
                              "associates",
                              "sons",
                              "brothers",
                              "ventures",
                              "robotics",
                              "biotech",
                              "therapeutics",
                              "healthcare",
                              "medical",
                              "dental",
                              "pharmacy",
                              "electric",
                              "power",
                              "telecom",
                              "communications",
                              "wireless",
                              "cloud",
                              "games",
                              "entertainment",
                              "publishing",
                              "press",
                              "books",
                              "bookshop",
                              "trust",
                              "foundation",
                              "institute",
                              "museum",
                              "library",
                              "company",
                              "cooperative",
                              "co-op",
                              "works",
                              "mills",
                              "farms",
                              "outfitters",
                              "apparel",
                              "brands",
                              "collective",
                              "markets",
                              "market",
                              "pharmaceuticals",
                              "aerospace",
                              "automotive",
                              "dynamics",
                              "interactive",
                              "global",
                              "international",
                              "worldwide",
                              "america",
                              "canada",
                              "montreal",
                              "council"};
  return words.count(low) != 0;
}

// Job titles, longest first so "hiring manager" wins over "manager".
const std::vector<std::vector<std::string>>& titles() {
  static const std::vector<std::vector<std::string>> list = [] {
    std::vector<std::vector<std::string>> t{{"hiring", "manager"},
                                            {"hiring", "mgr"},
                                            {"hiring", "mngr"},
                                            {"hiring", "lead"},
                                            {"talent", "acquisition", "partner"},
                                            {"talent", "acquisition", "specialist"},
                                            {"talent", "acquisition"},
                                            {"talent", "partner"},
                                            {"people", "partner"},
                                            {"hr", "business", "partner"},
                                            {"recruitment", "consultant"},
                                            {"recruiting", "coordinator"},
                                            {"head", "of", "hr"},
                                            {"head", "of", "people"},
                                            {"head", "of", "talent"},
                                            {"head", "of", "engineering"},
                                            {"head", "of", "department"},
                                            {"director", "of", "hr"},
                                            {"vp", "of", "engineering"},
                                            {"hr", "manager"},
                                            {"hr", "rep"},
                                            {"hr", "person"},
                                            {"hr", "lady"},
                                            {"hr", "guy"},
                                            {"hr", "director"},
                                            {"hr", "coordinator"},
                                            {"hr", "generalist"},
                                            {"ops", "manager"},
                                            {"operations", "manager"},
                                            {"office", "manager"},
                                            {"store", "manager"},
                                            {"practice", "manager"},
                                            {"line", "manager"},
                                            {"area", "manager"},
                                            {"general", "manager"},
                                            {"project", "manager"},
                                            {"product", "manager"},
                                            {"engineering", "manager"},
                                            {"team", "lead"},
                                            {"team", "leader"},
                                            {"tech", "lead"},
                                            {"department", "head"},
                                            {"recruiter"},
                                            {"recruiting"},
                                            {"hr"},
                                            {"hrbp"},
                                            {"ceo"},
                                            {"cto"},
                                            {"cfo"},
                                            {"coo"},
                                            {"vp"},
                                            {"director"},
                                            {"manager"},
                                            {"mgr"},
                                            {"supervisor"},
                                            {"interviewer"},
                                            {"coordinator"},
                                            {"founder"},
                                            {"cofounder"},
                                            {"co-founder"},
                                            {"lead"},
                                            {"partner"},
                                            {"owner"},
                                            {"principal"},
                                            {"engineer"},
                                            {"president"},
                                            {"head"}};
    std::stable_sort(t.begin(), t.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
    return t;
  }();
  return list;
}

bool acronym_title(const std::string& low) {
  return low == "hr" || low == "ceo" || low == "cto" || low == "cfo" || low == "coo" ||
         low == "vp" || low == "hrbp" || low == "cpo" || low == "cio";
}

// The title starting at words[i], as the user wrote it (abbreviations spelled out, acronyms
// in capitals: "hiring mgr" -> "hiring manager", "hr" -> "HR"), and how many words it spans.
// The titles by their first word, longest first: one hash lookup per word of a message.
const std::unordered_map<std::string, std::vector<const std::vector<std::string>*>>&
titles_by_first_word() {
  static const auto index = [] {
    std::unordered_map<std::string, std::vector<const std::vector<std::string>*>> m;
    for (const auto& t : titles()) m[t.front()].push_back(&t);
    return m;
  }();
  return index;
}

std::pair<std::string, std::size_t> title_at(const std::vector<word>& w, std::size_t i) {
  if (i >= w.size()) return {"", 0};
  const auto& index = titles_by_first_word();
  auto candidates = index.find(w[i].low);
  if (candidates == index.end()) return {"", 0};
  for (const auto* tp : candidates->second) {
    const auto& t = *tp;
    if (i + t.size() > w.size()) continue;
    bool match = true;
    for (std::size_t k = 0; k < t.size() && match; ++k) match = w[i + k].low == t[k];
    if (!match) continue;
    std::string name;
    for (std::size_t k = 0; k < t.size(); ++k) {
      const auto& low = t[k];
      std::string p = w[i + k].text;
      if (low == "mgr" || low == "mngr") p = "manager";
      if (low == "recruiting" && t.size() == 1) p = "recruiter";
      if (acronym_title(low)) {
        for (auto& c : p) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      name += (name.empty() ? "" : " ") + p;
    }
    // "VP of Lending", "Director of Operations": what the title is of, as written.
    std::size_t span = t.size();
    if (i + span + 1 < w.size() && w[i + span].low == "of" && !w[i + span - 1].punct_after &&
        (w[i + span + 1].capitalized || acronym_title(w[i + span + 1].low))) {
      std::size_t k = i + span + 1;
      std::string of = " of";
      std::size_t n = 0;
      while (k < w.size() && n < 3 && (w[k].capitalized || acronym_title(w[k].low)) &&
             !is_stop(w[k].low)) {
        of += " " + w[k].text;
        ++n;
        if (w[k].punct_after) break;
        ++k;
      }
      if (n > 0) {
        name += of;
        span += 1 + n;
      }
    }
    return {name, span};
  }
  return {"", 0};
}

std::string capitalize(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

bool name_word(const word& w) {
  return w.capitalized && !is_stop(w.low) && !is_month(w.low) && w.low != "i" &&
         std::isalpha(static_cast<unsigned char>(w.text[0])) && title_at({w}, 0).second == 0;
}

// Up to three capitalised words from i: a person's name.
std::size_t name_span(const std::vector<word>& w, std::size_t i) {
  std::size_t n = 0;
  while (i + n < w.size() && n < 3 && name_word(w[i + n])) {
    ++n;
    if (w[i + n - 1].punct_after) break;
  }
  return n;
}

std::string join(const std::vector<word>& w, std::size_t i, std::size_t n) {
  std::string out;
  for (std::size_t k = 0; k < n; ++k) out += (k ? " " : "") + w[i + k].text;
  return out;
}

// Words i..i+n as written, with what stands between them ("Barnes & Noble").
std::string as_written(std::string_view text, const std::vector<word>& w, std::size_t i,
                       std::size_t n) {
  if (n == 0) return {};
  auto begin = w[i].begin, end = w[i + n - 1].end;
  std::string out;
  bool space = false;
  for (auto c : text.substr(begin, end - begin)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

void add_person(nlohmann::json& people, const std::string& name, const std::string& title) {
  if (name.empty() || name.size() > 80) return;
  for (auto& p : people) {
    if (p["name"] == name) {
      if (!title.empty() && !p.contains("title")) p["title"] = title;
      return;
    }
  }
  nlohmann::json p{{"name", name}};
  if (!title.empty()) p["title"] = title;
  people.push_back(std::move(p));
}

void find_people(const std::vector<word>& w, nlohmann::json& out) {
  nlohmann::json people = nlohmann::json::array();
  for (std::size_t i = 0; i < w.size(); ++i) {
    // NAME, the TITLE / NAME (TITLE) / NAME the TITLE / NAME - TITLE / NAME from HR
    if (auto n = name_span(w, i); n > 0) {
      std::size_t j = i + n;
      if (j < w.size() &&
          (w[j].low == "the" || w[j].low == "a" || w[j].low == "our" || w[j].low == "their"))
        ++j;
      auto [title, tn] = title_at(w, j);
      if (tn > 0 && (j > i + n || w[i + n - 1].punct_after || w[j].open_paren_before)) {
        add_person(people, join(w, i, n), title);
        i = j + tn - 1;
        continue;
      }
      if (j + 1 < w.size() && w[i + n].low == "from" && w[i + n + 1].low == "hr") {
        add_person(people, join(w, i, n), "HR");
        i += n + 1;
        continue;
      }
    }
    // TITLE NAME / the TITLE, NAME
    if (auto [title, tn] = title_at(w, i); tn > 0) {
      std::size_t j = i + tn;
      if (j < w.size()) {
        auto n = name_span(w, j);
        if (n == 0 && !w[j].capitalized && !is_stop(w[j].low) && title_at(w, j).second == 0 &&
            std::isalpha(static_cast<unsigned char>(w[j].low[0])) && w[j].low.size() >= 3 &&
            (j + 1 == w.size() || w[j].punct_after || is_stop(w[j + 1].low))) {
          // "hiring mgr raj": chat users rarely capitalise names.
          add_person(people, capitalize(w[j].text), title);
          i = j;
          continue;
        }
        if (n > 0) {
          add_person(people, join(w, j, n), title);
          i = j + n - 1;
          continue;
        }
      }
    }
  }
  // "with Jane" / "and Bob Lee": names after with/and when not a company.
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    if (w[i].low != "with" && w[i].low != "w/" && w[i].low != "and" && w[i].low != "to" &&
        w[i].low != "thank" && w[i].low != "thanked" && w[i].low != "called" &&
        w[i].low != "emailed" && w[i].low != "call") {
      continue;
    }
    auto n = name_span(w, i + 1);
    if (n == 0 || n > 2) continue;
    if (i + 1 + n < w.size() && company_suffix(w[i + n].low)) continue;
    if (company_suffix(w[i + n].low)) continue;
    std::string name = join(w, i + 1, n);
    if (out.contains("company") && out["company"] == name) continue;
    add_person(people, name, "");
  }
  if (!people.empty()) out["people"] = std::move(people);
}

// Words that may join two capitalised words inside a company's name: "Barnes & Noble", "Bank
// of Montreal", "Marsh and Pike Solicitors" ("and" only before a name that ends like a
// company, so "Acme and Jane" stays two things).
std::size_t connector_span(const std::vector<word>& w, std::size_t k) {
  if (k + 1 >= w.size() || w[k].punct_after || (k > 0 && w[k - 1].punct_after)) return 0;
  const auto& c = w[k].low;
  if (c == "&" || c == "of" || c == "de" || c == "du") {
    if (w[k + 1].capitalized ||
        (c == "of" && w[k + 1].low == "the" && k + 2 < w.size() && w[k + 2].capitalized)) {
      return 1;
    }
    return 0;
  }
  if (c == "and") {
    std::size_t j = k + 1;
    while (j < w.size() && j < k + 4 && w[j].capitalized && !is_stop(w[j].low)) {
      if (company_suffix(w[j].low)) return 1;
      if (w[j].punct_after) break;
      ++j;
    }
  }
  return 0;
}

void find_company(std::string_view text, const std::vector<word>& w, nlohmann::json& out) {
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    const auto& t = w[i].low;
    if (!in(t, {"at", "with", "w/", "for", "from", "@", "to", "joining", "join"})) continue;
    std::size_t j = i + 1;
    if (j < w.size() && w[j].low == "the" && j + 1 < w.size() && w[j + 1].capitalized) ++j;
    std::size_t n = 0;
    bool any_capital = false;
    while (j + n < w.size() && n < 6) {
      const auto& cand = w[j + n];
      if (n > 0 && !w[j + n - 1].punct_after) {
        if (auto c = connector_span(w, j + n); c > 0 && any_capital) {
          n += c;
          continue;
        }
      }
      if (is_stop(cand.low) || is_month(cand.low) || title_at(w, j + n).second != 0) break;
      if (std::isdigit(static_cast<unsigned char>(cand.text[0]))) break;
      if (!cand.capitalized && n > 0 && !company_suffix(cand.low)) break;
      any_capital |= cand.capitalized;
      ++n;
      if (cand.punct_after) break;
    }
    // A connector cannot end a name.
    while (n > 0 && (w[j + n - 1].low == "&" || w[j + n - 1].low == "of" ||
                     w[j + n - 1].low == "and" || w[j + n - 1].low == "the")) {
      --n;
    }
    if (n == 0) continue;
    bool suffix = company_suffix(w[j + n - 1].low);
    bool after_interview =
        i > 0 &&
        in(w[i - 1].low,
           {"interview", "interviewed", "interviewing", "job",     "position",   "role",
            "work",      "working",     "offer",        "applied", "apply",      "onsite",
            "screen",    "round",       "opening",      "zoom",    "teams",      "video",
            "call",      "meeting",     "chat",         "panel",   "assessment", "screening"});
    if (!any_capital && !(t == "at" && after_interview)) continue;
    const bool with = t == "with" || t == "w/";
    if (with && !suffix && !after_interview) continue;  // "with Jane" is a person
    if ((t == "for" || t == "to" || t == "from") && !suffix && !after_interview) continue;
    if (with && after_interview && !suffix && n <= 2 && name_span(w, j) == n) {
      // "interview with Jane, the recruiter", "call w/ Jess Park at 3": a person.
      const std::size_t after = j + n + (j + n < w.size() && w[j + n].low == "the" ? 1 : 0);
      if (title_at(w, after).second > 0) continue;
    }
    std::string name = as_written(text, w, j, n);
    if (!any_capital) name = capitalize(name);
    if (name.size() > 100) name.resize(100);
    // "at" is the strongest signal: keep the first "at" company over a "with" one.
    if (!out.contains("company") || t == "at") {
      if (out.contains("company") && out.contains("company_from_at")) continue;
      out["company"] = name;
      if (t == "at") out["company_from_at"] = true;
    }
  }
  // "the Halden Robotics interview", "my Acme onsite": a name right before the interview.
  if (!out.contains("company")) {
    for (std::size_t i = 1; i < w.size(); ++i) {
      if (!in(w[i].low,
              {"interview", "interviews", "onsite", "screen", "panel", "round", "assessment"})) {
        continue;
      }
      std::size_t j = i;
      while (j > 0 && i - j < 5) {
        const auto& prev = w[j - 1];
        const bool joins = (prev.low == "&" || prev.low == "of") && j >= 2 && w[j - 2].capitalized;
        if (prev.punct_after || (!prev.capitalized && !joins) || is_stop(prev.low) ||
            is_month(prev.low) || title_at(w, j - 1).second != 0) {
          break;
        }
        --j;
      }
      if (j == i || j == 0) continue;
      if (!in(w[j - 1].low, {"the", "my", "our", "of", "from", "for", "about", "that"})) continue;
      // "the Monday interview", "the Final interview": a word of the calendar or of the
      // process is not a company.
      if (in(w[j].low, {"final", "second", "first", "third", "phone", "video", "zoom", "panel",
                        "technical", "group", "last", "next", "big"})) {
        continue;
      }
      out["company"] = as_written(text, w, j, i - j);
      break;
    }
  }
  out.erase("company_from_at");
}

void find_role(const std::vector<word>& w, nlohmann::json& out) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!in(w[i].low, {"role", "position", "job", "opening", "post"}) || i == 0) continue;
    // "... the Data Analyst role": words back to the/a/for
    std::size_t j = i;
    while (j > 0 && j + 4 > i &&
           !in(w[j - 1].low, {"the", "a", "an", "for", "my", "this", "that"}) &&
           !w[j - 1].punct_after && !is_stop(w[j - 1].low)) {
      --j;
    }
    if (j < i && j > 0 && in(w[j - 1].low, {"the", "a", "an", "for", "my", "this", "that"})) {
      std::string role = join(w, j, i - j);
      bool capital =
          std::any_of(w.begin() + j, w.begin() + i, [](const word& x) { return x.capitalized; });
      if (capital || i - j >= 1) {
        out["role"] = role;
        return;
      }
    }
  }
}

// The channel a word names, looked up once per word; cards and mail need their neighbours.
enum class channel_word : std::uint8_t {
  email,
  handwritten,
  card,
  mail,
  hand,
  text,
  social,
  direct,
  phone
};

const std::unordered_map<std::string_view, channel_word>& channel_words() {
  static const std::unordered_map<std::string_view, channel_word> words = [] {
    std::unordered_map<std::string_view, channel_word> m;
    for (auto w : {"email", "emails", "emailed", "emailing", "mailbox", "gmail", "outlook"}) {
      m.emplace(w, channel_word::email);
    }
    for (auto w : {"handwritten", "snail", "mailed", "stamp", "postal", "post", "letter",
                   "stationery", "envelope"}) {
      m.emplace(w, channel_word::handwritten);
    }
    for (auto w : {"card", "cards", "note"}) m.emplace(w, channel_word::card);
    m.emplace("mail", channel_word::mail);
    m.emplace("hand", channel_word::hand);
    for (auto w : {"text", "texts", "texted", "texting", "sms", "whatsapp", "imessage"}) {
      m.emplace(w, channel_word::text);
    }
    for (auto w :
         {"linkedin", "facebook", "instagram", "twitter", "tiktok", "social", "dm", "dms"}) {
      m.emplace(w, channel_word::social);
    }
    m.emplace("direct", channel_word::direct);
    for (auto w :
         {"call", "calls", "called", "calling", "phone", "phoned", "ring", "rang", "voicemail"}) {
      m.emplace(w, channel_word::phone);
    }
    return m;
  }();
  return words;
}

void find_channel(const std::vector<std::string>& toks, nlohmann::json& out) {
  std::vector<const char*> channels;
  auto add = [&](const char* c) {
    if (std::find(channels.begin(), channels.end(), std::string_view(c)) == channels.end()) {
      channels.push_back(c);
    }
  };
  const auto& words = channel_words();
  for (std::size_t i = 0; i < toks.size(); ++i) {
    auto it = words.find(toks[i]);
    if (it == words.end()) continue;
    const std::string_view next = i + 1 < toks.size() ? std::string_view(toks[i + 1]) : "";
    const std::string_view prev = i > 0 ? std::string_view(toks[i - 1]) : "";
    switch (it->second) {
      case channel_word::email:
        add("email");
        break;
      case channel_word::handwritten:
        add("handwritten");
        break;
      case channel_word::hand:
        if (next == "written" || next == "write" || next == "writing") add("handwritten");
        break;
      case channel_word::mail:
        if (prev != "e" && prev != "voice") add("handwritten");
        break;
      case channel_word::card:
        // "thank-you card", "a card", but not "business card".
        if (prev != "business" &&
            in(prev, {"thank", "you", "paper", "handwritten", "written", "a"})) {
          add("handwritten");
        }
        break;
      case channel_word::text:
        add("text");
        break;
      case channel_word::social:
        add("social");
        break;
      case channel_word::direct:
        if (next == "message") add("social");
        break;
      case channel_word::phone:
        add("phone");
        break;
    }
  }
  if (!channels.empty()) {
    out["channel"] = channels[0];
    if (channels.size() > 1) {
      auto list = nlohmann::json::array();
      for (const auto* c : channels) list.push_back(c);
      out["channels"] = std::move(list);
    }
  }
}

int number_word(const std::string& t) {
  static const std::array<std::string_view, 11> words{
      "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (t == words[i]) return static_cast<int>(i);
  }
  if (!t.empty() && t.size() <= 2 && std::all_of(t.begin(), t.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return std::stoi(t);
  }
  return -1;
}

void find_count(const std::vector<word>& w, nlohmann::json& out) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto& t = w[i].low;
    int n = -1;
    if (t == "once")
      n = 1;
    else if (t == "twice")
      n = 2;
    else if (t == "thrice")
      n = 3;
    else if (t.size() >= 2 && t.back() == 'x' && number_word(t.substr(0, t.size() - 1)) > 0)
      n = number_word(t.substr(0, t.size() - 1));
    else if (i + 1 < w.size() && number_word(t) > 0 &&
             in(w[i + 1].low, {"times", "time", "x", "calls", "tries", "attempts", "voicemails",
                               "messages", "vms"})) {
      n = number_word(t);
    }
    if (n <= 0) continue;
    // Counted calls, not "left my number twice": a word of calling within a few words, or
    // the count names calls itself ("3 calls", "two attempts").
    const bool names_calls =
        i + 1 < w.size() && in(w[i + 1].low, {"calls", "tries", "attempts", "voicemails", "vms"});
    bool near_call = names_calls;
    for (std::size_t k = i >= 4 ? i - 4 : 0; k < w.size() && k <= i + 2 && !near_call; ++k) {
      near_call = in(w[k].low, {"called", "call", "calling", "calls", "rang", "ring", "ringing",
                                "phoned", "phone", "tried", "try", "trying", "dialled", "dialed",
                                "voicemail", "voicemails", "vm", "vms", "rung"});
    }
    if (near_call) {
      out["count"] = n;
      return;
    }
  }
}

// What a call came to, and what the application came to: the first list (in this order)
// with a phrase in the message wins within each group.
enum outcome_phrase : int { voicemail, no_answer, spoke, withdrew, rejected, offer, moved_on };

const phrase_index& outcome_phrases() {
  static const phrase_index index = [] {
    phrase_index x;
    auto add = [&x](outcome_phrase id, std::initializer_list<std::string_view> list) {
      for (auto p : list) x.add(p, id);
    };
    add(voicemail,
        {"voicemail", "voice mail", "left a message", "left him a message", "left her a message",
         "left them a message", "left message", "answering machine", "left a msg",
         "left a voice message", "answerphone", "answer phone", "left my number", "message bank",
         "left a voicemail", "mailbox"});
    add(no_answer, {"no answer",        "did not answer",   "did not pick up",
                    "not pick up",      "no one answered",  "nobody answered",
                    "no one picked up", "nobody picked up", "did not get through",
                    "could not reach",  "can not reach",    "rang out",
                    "unanswered",       "not answering",    "no pick up",
                    "not picking up",   "went unanswered",  "no reply on the phone",
                    "still nothing",    "still nothin",     "nothing again",
                    "no luck",          "no joy",           "no dice",
                    "no pickup",        "nobody home",      "no one home",
                    "rang and rang",    "line was engaged", "busy signal"});
    add(spoke, {"spoke", "spoken", "talked", "got through", "picked up", "we chatted", "had a chat",
                "got hold of", "reached her", "reached him", "reached them"});
    add(withdrew, {"withdrew", "withdraw", "withdrawn", "withdrawing", "pulled out", "pull out",
                   "pulled my application", "declined the offer", "turned down the offer",
                   "turned down their offer"});
    add(rejected, {"rejected", "rejection", "turned me down", "did not get the job",
                   "did not get it", "did not get the position", "did not get the role",
                   "went with another candidate", "went with someone else", "not moving forward",
                   "not selected", "no longer under consideration", "decided to go with",
                   "not get the offer", "unsuccessful"});
    add(offer, {"offer", "offered me", "got the job", "hired me", "i am hired", "got hired",
                "landed the job", "got the position", "got the role"});
    add(moved_on, {"moving on", "moved on", "move on", "giving up", "gave up", "ghosted"});
    return x;
  }();
  return index;
}

// "didn't get the Carrow & Sons job", "did not get the one at Acme": a rejection with a name
// between the words.
bool missed_the_job(const std::vector<std::string>& toks) {
  for (std::size_t i = 0; i + 2 < toks.size(); ++i) {
    if (toks[i] != "did" || toks[i + 1] != "not" || toks[i + 2] != "get") continue;
    for (std::size_t k = i + 3; k < toks.size() && k < i + 9; ++k) {
      if (toks[k] == "job" || toks[k] == "role" || toks[k] == "position" || toks[k] == "offer" ||
          toks[k] == "place" || toks[k] == "post") {
        return true;
      }
    }
  }
  return false;
}

void find_outcomes(const std::vector<std::string>& toks, nlohmann::json& out) {
  auto found = outcome_phrases().find(toks);
  if (missed_the_job(toks)) found.push_back(rejected);
  auto has = [&](outcome_phrase p) {
    return std::find(found.begin(), found.end(), p) != found.end();
  };
  if (has(voicemail)) {
    out["call_outcome"] = "voicemail";
  } else if (has(no_answer)) {
    out["call_outcome"] = "no_answer";
  } else if (has(spoke)) {
    out["call_outcome"] = "spoke";
  }
  if (has(withdrew)) {
    out["outcome"] = "withdrew";
  } else if (has(rejected)) {
    out["outcome"] = "rejected";
  } else if (has(offer)) {
    out["outcome"] = "offer";
  } else if (has(moved_on)) {
    out["outcome"] = "moved_on";
  }
}

// "second round", "2nd interview", "round two", "final round", "another interview": a later
// round with a company. A number, or "next" when the words say only that it follows another.
void find_round(const std::vector<std::string>& toks, nlohmann::json& out) {
  static const std::vector<std::pair<std::string_view, int>> ordinals{
      {"first", 1}, {"1st", 1},    {"second", 2}, {"2nd", 2},     {"third", 3},
      {"3rd", 3},   {"fourth", 4}, {"4th", 4},    {"fifth", 5},   {"5th", 5},
      {"final", 0}, {"last", 0},   {"next", 0},   {"another", 0}, {"later", 0}};
  static const std::vector<std::pair<std::string_view, int>> numbers{
      {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5},
      {"1", 1},   {"2", 2},   {"3", 3},     {"4", 4},    {"5", 5}};
  auto lookup = [](const auto& table, std::string_view w) -> std::optional<int> {
    for (const auto& [word, n] : table) {
      if (word == w) return n;
    }
    return std::nullopt;
  };
  auto is_meeting = [](std::string_view w) {
    return w == "round" || w == "interview" || w == "interviews" || w == "stage";
  };
  for (std::size_t i = 0; i < toks.size(); ++i) {
    std::optional<int> n;
    if (i + 1 < toks.size() && is_meeting(toks[i + 1])) {
      n = lookup(ordinals, toks[i]);
      // "follow-up interview", "follow up interview"
      if (!n && (toks[i] == "followup" || (toks[i] == "up" && i > 0 && toks[i - 1] == "follow"))) {
        if (toks[i + 1] == "interview") n = 0;
      }
    }
    if (!n && toks[i] == "round" && i + 1 < toks.size()) n = lookup(numbers, toks[i + 1]);
    if (!n) continue;
    if (*n == 0) {
      out["round"] = "next";
    } else {
      out["round"] = *n;
    }
    return;
  }
}

const lexicon& no_lexicon() {
  static const lexicon empty{{"didnt", "did not"},     {"didn't", "did not"},
                             {"couldnt", "could not"}, {"couldn't", "could not"},
                             {"cant", "can not"},      {"can't", "can not"},
                             {"cannot", "can not"},    {"wasnt", "was not"},
                             {"isnt", "is not"},       {"isn't", "is not"},
                             {"dont", "do not"},       {"don't", "do not"},
                             {"im", "i am"},           {"i'm", "i am"},
                             {"vm", "voicemail"},      {"txt", "text"},
                             {"txted", "texted"},      {"e-mail", "email"},
                             {"em", "email"},          {"li", "linkedin"}};
  return empty;
}
}  // namespace

nlohmann::json extract_entities(const document& doc, std::size_t tb, std::size_t te) {
  nlohmann::json out = nlohmann::json::object();
  te = std::min(te, doc.tokens.size());
  if (tb >= te) return out;
  auto words = split_words(doc, tb, te);
  find_company(doc.text, words, out);
  find_people(words, out);
  find_role(words, out);
  std::vector<std::string> toks;
  classifier_words(doc.tokens, tb, te, no_lexicon(), toks, 400);
  find_channel(toks, out);
  find_count(words, out);
  find_outcomes(toks, out);
  find_round(toks, out);
  return out;
}

std::string find_note(const document& doc) {
  // A detail of the conversation, told as a statement: "we talked about their new warehouse
  // system", "she mentioned they're moving to Denver". What follows the words, to the end of
  // the clause, is kept as written.
  static const std::vector<std::vector<std::string_view>> markers{{"we", "talked", "about"},
                                                                  {"we", "discussed"},
                                                                  {"we", "spoke", "about"},
                                                                  {"we", "chatted", "about"},
                                                                  {"talked", "a", "lot", "about"},
                                                                  {"we", "went", "over"},
                                                                  {"she", "mentioned"},
                                                                  {"he", "mentioned"},
                                                                  {"they", "mentioned"},
                                                                  {"told", "me", "about"},
                                                                  {"asked", "me", "about"},
                                                                  {"we", "got", "into"},
                                                                  {"talked", "about"},
                                                                  {"discussed"}};
  static const std::vector<std::string_view> empty_words{
      "it", "that", "this", "everything", "stuff", "things", "nothing", "lots",
      "a",  "the",  "my",   "me",         "you",   "what",   "how",     "anything"};
  const auto& toks = doc.tokens;
  for (const auto& c : doc.clauses) {
    if (c.act != speech_act::statement) continue;
    for (std::uint32_t i = c.tb; i < c.te; ++i) {
      for (const auto& m : markers) {
        if (i + m.size() > c.te) continue;
        bool match = true;
        for (std::size_t k = 0; k < m.size() && match; ++k) match = toks[i + k].s == m[k];
        if (!match) continue;
        auto from = static_cast<std::uint32_t>(i + m.size());
        if (from < c.te && toks[from].s == "how") ++from;  // "we talked about how they ..."
        std::uint32_t words = 0;
        for (auto k = from; k < c.te; ++k) words += toks[k].word() ? 1 : 0;
        if (words == 0) break;
        if (words == 1 &&
            std::find(empty_words.begin(), empty_words.end(), toks[from].s) != empty_words.end()) {
          break;
        }
        auto te = c.te;
        while (te > from && !toks[te - 1].word() && toks[te - 1].kind != token_kind::emoji) --te;
        std::string note(doc.slice(from, te));
        constexpr std::size_t max_note = 200;
        if (note.size() > max_note) {
          auto cut = note.rfind(' ', max_note);
          note.resize(cut == std::string::npos || cut < 20 ? max_note : cut);
          while (!note.empty() && (static_cast<unsigned char>(note.back()) & 0xC0) == 0x80) {
            note.pop_back();
          }
          if (!note.empty() && static_cast<unsigned char>(note.back()) >= 0xC0) note.pop_back();
        }
        return note;
      }
    }
  }
  return {};
}

void add_dates(nlohmann::json& entities, const document& doc, std::size_t tb, std::size_t te,
               sys_time now, const date::time_zone& tz) {
  auto found = find_dates(doc, tb, te, now, tz);
  if (found.empty()) return;
  auto list = nlohmann::json::array();
  for (const auto& d : found) list.push_back(to_json(d, tz));
  entities["dates"] = std::move(list);
}

nlohmann::json extract_entities(std::string_view text, sys_time now, const date::time_zone* tz) {
  auto doc = analyse(text);
  auto out = extract_entities(doc, 0, doc.tokens.size());
  if (tz) add_dates(out, doc, 0, doc.tokens.size(), now, *tz);
  return out;
}

}  // namespace followup::nlu
