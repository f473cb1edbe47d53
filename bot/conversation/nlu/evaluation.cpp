#include "bot/conversation/nlu/evaluation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>

namespace followup::nlu {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

double ratio(std::size_t a, std::size_t b) {
  return b ? static_cast<double>(a) / static_cast<double>(b) : 0;
}

}  // namespace

std::vector<labelled> read_labelled(const std::string& path, std::string& error) {
  std::vector<labelled> out;
  std::ifstream in(path);
  if (!in) {
    error = path + ": cannot open";
    return out;
  }
  std::string line;
  int number = 0;
  bool three_columns = false;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      three_columns = line.starts_with("category\t");
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    auto fields = split(line, '\t');
    auto where = path + ":" + std::to_string(number) + ": ";
    labelled item;
    item.line = number;
    if (three_columns) {
      if (fields.size() != 3) {
        error = where + "expected category<TAB>intents<TAB>text";
        return {};
      }
      item.category = fields[0];
      item.intents = split(fields[1], '+');
      item.text = fields[2];
    } else {
      if (fields.size() < 2) {
        error = where + "expected intent<TAB>text";
        return {};
      }
      item.intents = {fields[0]};
      item.text = line.substr(fields[0].size() + 1);
    }
    if (std::any_of(item.intents.begin(), item.intents.end(),
                    [](const std::string& i) { return i.empty(); })) {
      error = where + "an empty intent label";
      return {};
    }
    out.push_back(std::move(item));
  }
  return out;
}

intent_report evaluate(const predictor& predict, const std::vector<std::string>& names,
                       const std::vector<labelled>& set) {
  intent_report r;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) index[names[i]] = i;
  r.confusion.assign(names.size(), std::vector<std::size_t>(names.size(), 0));
  for (double low : {0.0, 0.3, 0.5, 0.7, 0.9}) r.calibration.push_back({low, low == 0.9 ? 1.0 : 0, 0, 0, 0});
  for (std::size_t b = 0; b + 1 < r.calibration.size(); ++b) {
    r.calibration[b].high = r.calibration[b + 1].low;
  }
  r.intents.resize(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) r.intents[i].name = names[i];
  std::vector<double> latencies;
  latencies.reserve(set.size());

  for (const auto& item : set) {
    auto started = std::chrono::steady_clock::now();
    auto p = predict(item.text);
    latencies.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started)
            .count());
    auto found = p.intents;
    if (!contains(found, p.intent)) found.insert(found.begin(), p.intent);

    bool all_found = std::all_of(item.intents.begin(), item.intents.end(),
                                 [&](const std::string& i) { return contains(found, i); });
    bool right = contains(item.intents, p.intent) && all_found;
    bool exact = all_found && std::all_of(found.begin(), found.end(), [&](const std::string& i) {
                   return contains(item.intents, i);
                 });
    ++r.total;
    r.correct += right;
    r.exact += exact;
    for (auto& b : r.calibration) {
      if (p.confidence >= b.low && (p.confidence < b.high || b.high >= 1.0)) {
        ++b.total;
        b.right += contains(item.intents, p.intent);
        b.confidence_sum += p.confidence;
        break;
      }
    }

    auto cat = std::find_if(r.categories.begin(), r.categories.end(),
                            [&](const auto& c) { return c.name == item.category; });
    if (cat == r.categories.end()) {
      r.categories.push_back({item.category});
      cat = r.categories.end() - 1;
    }
    ++cat->total;
    cat->correct += right;

    if (item.intents.size() > 1) {
      ++r.mixed;
      r.mixed_all_found += all_found;
    } else {
      const auto& expected = item.intents.front();
      bool off = expected == "unknown";
      bool said_off = p.intent == "unknown";
      r.off_topic += off;
      r.off_topic_found += off && said_off;
      r.said_off_topic += said_off;
      r.said_off_topic_right += said_off && off;
      r.said_in_field += !said_off;
      r.said_in_field_right += !said_off && !off;
      auto e = index.find(expected);
      auto g = index.find(p.intent);
      if (e != index.end() && g != index.end()) {
        r.confusion[e->second][g->second]++;
        r.intents[e->second].support++;
        r.intents[g->second].predicted++;
        if (e->second == g->second) r.intents[e->second].hits++;
      }
    }
    if (!right) {
      std::string expected, got;
      for (const auto& i : item.intents) expected += (expected.empty() ? "" : "+") + i;
      for (const auto& i : found) got += (got.empty() ? "" : "+") + i;
      r.misses.push_back({item.text, expected, got, p.confidence});
    }
  }
  for (double us : latencies) r.seconds += us / 1e6;
  if (!latencies.empty()) {
    std::sort(latencies.begin(), latencies.end());
    r.p50_us = latencies[latencies.size() / 2];
    r.p99_us = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }
  r.accuracy = ratio(r.correct, r.total);
  for (const auto& b : r.calibration) {
    if (b.total == 0) continue;
    double gap = ratio(b.right, b.total) - b.confidence_sum / static_cast<double>(b.total);
    r.calibration_error += std::abs(gap) * static_cast<double>(b.total) / static_cast<double>(r.total);
  }
  r.off_topic_recall = ratio(r.off_topic_found, r.off_topic);
  r.off_topic_precision = ratio(r.said_off_topic_right, r.said_off_topic);
  r.in_field_precision = ratio(r.said_in_field_right, r.said_in_field);
  double recall_sum = 0;
  std::size_t with_support = 0;
  for (auto& i : r.intents) {
    i.precision = ratio(i.hits, i.predicted);
    i.recall = ratio(i.hits, i.support);
    i.f1 = (i.precision + i.recall) > 0 ? 2 * i.precision * i.recall / (i.precision + i.recall) : 0;
    if (i.support) {
      recall_sum += i.recall;
      ++with_support;
      if (i.recall < r.min_recall) {
        r.min_recall = i.recall;
        r.min_recall_intent = i.name;
      }
    }
  }
  r.macro_recall = with_support ? recall_sum / static_cast<double>(with_support) : 0;
  std::stable_sort(r.misses.begin(), r.misses.end(),
                   [](const auto& a, const auto& b) { return a.confidence > b.confidence; });
  return r;
}

std::string format_report(const intent_report& r, std::size_t worst) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "accuracy: %.3f  (%zu/%zu; every intent of a mixed message must be found)\n"
                "exactly the labelled intents: %.3f  (%zu/%zu)\n",
                r.accuracy, r.correct, r.total, ratio(r.exact, r.total), r.exact, r.total);
  out += buf;
  if (r.categories.size() > 1 || (!r.categories.empty() && !r.categories[0].name.empty())) {
    for (const auto& c : r.categories) {
      std::snprintf(buf, sizeof buf, "  %-10s %.3f  (%zu/%zu)\n", c.name.c_str(),
                    ratio(c.correct, c.total), c.correct, c.total);
      out += buf;
    }
  }
  if (r.mixed) {
    std::snprintf(buf, sizeof buf, "mixed messages with every intent found: %zu/%zu\n",
                  r.mixed_all_found, r.mixed);
    out += buf;
  }
  std::snprintf(buf, sizeof buf,
                "off-topic recall: %.3f  (%zu/%zu)   off-topic precision: %.3f  (%zu/%zu)\n"
                "in-field precision: %.3f  (%zu/%zu)\n",
                r.off_topic_recall, r.off_topic_found, r.off_topic, r.off_topic_precision,
                r.said_off_topic_right, r.said_off_topic, r.in_field_precision,
                r.said_in_field_right, r.said_in_field);
  out += buf;
  std::snprintf(buf, sizeof buf, "macro recall: %.3f\nlowest recall: %.3f (%s)\n", r.macro_recall,
                r.min_recall, r.min_recall_intent.c_str());
  out += buf;
  out += "calibration (confidence: messages, main intent right):";
  for (const auto& b : r.calibration) {
    std::snprintf(buf, sizeof buf, "  %.1f-%.1f: %zu, %.2f;", b.low, b.high, b.total,
                  ratio(b.right, b.total));
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "  error %.3f\n", r.calibration_error);
  out += buf;
  std::snprintf(buf, sizeof buf, "understanding: %.1f us/message (p50 %.1f, p99 %.1f)\n\n",
                r.total ? r.seconds * 1e6 / static_cast<double>(r.total) : 0.0, r.p50_us, r.p99_us);
  out += buf;
  std::snprintf(buf, sizeof buf, "%-22s %-9s %-7s %-6s %s   (single-intent messages)\n", "intent",
                "precision", "recall", "f1", "support");
  out += buf;
  for (const auto& i : r.intents) {
    if (!i.support && !i.predicted) continue;
    std::snprintf(buf, sizeof buf, "%-22s %-9.3f %-7.3f %-6.3f %zu\n", i.name.c_str(), i.precision,
                  i.recall, i.f1, i.support);
    out += buf;
  }
  out += "\nconfusion matrix (rows: expected, columns: got, by row number)\n";
  std::snprintf(buf, sizeof buf, "%-24s", "");
  out += buf;
  for (std::size_t j = 0; j < r.intents.size(); ++j) {
    std::snprintf(buf, sizeof buf, "%3zu", j + 1);
    out += buf;
  }
  out += '\n';
  for (std::size_t i = 0; i < r.intents.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%2zu %-21s", i + 1, r.intents[i].name.c_str());
    out += buf;
    for (std::size_t j = 0; j < r.intents.size(); ++j) {
      if (r.confusion[i][j] == 0) {
        out += "  .";
      } else {
        std::snprintf(buf, sizeof buf, "%3zu", r.confusion[i][j]);
        out += buf;
      }
    }
    out += '\n';
  }
  std::snprintf(buf, sizeof buf, "\nworst misses (%zu of %zu, most confident first)\n",
                std::min(worst, r.misses.size()), r.misses.size());
  out += buf;
  for (std::size_t k = 0; k < r.misses.size() && k < worst; ++k) {
    const auto& m = r.misses[k];
    std::snprintf(buf, sizeof buf, "  %.2f  expected %-20s got %-20s ", m.confidence,
                  m.expected.c_str(), m.got.c_str());
    out += buf;
    out += m.text.substr(0, 110);
    out += '\n';
  }
  return out;
}

}  // namespace followup::nlu
