#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "bot/cli/commands.hpp"
#include "bot/cli/rules_loading.hpp"
#include "bot/config.hpp"
#include "bot/engine/engine.hpp"
#include "bot/conversation/nlu/evaluation.hpp"

namespace followup::cli {

namespace {

struct gates {
  double accuracy = 0;
  double min_recall = 0;
  double off_topic_recall = 0;
  double in_field_precision = 0;
};

bool parse_number(std::string_view text, double& out) {
  char* end = nullptr;
  std::string s(text);
  out = std::strtod(s.c_str(), &end);
  return end && *end == '\0' && !s.empty();
}

// K-fold cross-validation on the training examples: a steadier figure than a small held-out
// set for comparing settings (it says nothing about voices the examples lack).
int cross_validate(const rules& all, std::size_t folds, const std::vector<std::string>& names) {
  std::size_t right = 0, total = 0;
  for (std::size_t f = 0; f < folds; ++f) {
    rules part = all;
    std::vector<nlu::labelled> held;
    for (auto& intent : part.intents) {
      std::vector<std::string> kept;
      for (std::size_t i = 0; i < intent.examples.size(); ++i) {
        if (i % folds == f) {
          held.push_back({"", {intent.name}, intent.examples[i], 0});
        } else {
          kept.push_back(intent.examples[i]);
        }
      }
      intent.examples = std::move(kept);
    }
    knowledge k(std::move(part));
    nlu::predictor predict = [&k](const std::string& text) {
      inbound m;
      m.text = text;
      auto u = understand(k, m);
      return nlu::prediction{u.intent, u.confidence, {}};
    };
    auto report = nlu::evaluate(predict, names, held);
    right += report.correct;
    total += report.total;
    std::printf("fold %zu: %.3f (%zu/%zu)\n", f + 1, report.accuracy, report.correct, report.total);
  }
  std::printf("cross-validated accuracy: %.3f (%zu/%zu)\n",
              total ? static_cast<double>(right) / static_cast<double>(total) : 0.0, right, total);
  return 0;
}

}  // namespace

// Intent understanding on labelled sets the classifier never trained on (tests/nlu/). Each
// file is reported on its own; with gates given, exit 1 when a file falls short, so CI holds
// the line.
int eval_nlu(const std::vector<std::string>& args) {
  gates g;
  std::size_t worst = 15;
  double folds = 0;  // --folds K: K-fold cross-validation on the training examples instead
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto value = [&](double& out) {
      if (i + 1 >= args.size() || !parse_number(args[i + 1], out)) {
        std::fprintf(stderr, "eval-nlu: %s needs a number\n", a.c_str());
        return false;
      }
      ++i;
      return true;
    };
    double n = 0;
    if (a == "--min-accuracy") {
      if (!value(g.accuracy)) return 2;
    } else if (a == "--min-recall") {
      if (!value(g.min_recall)) return 2;
    } else if (a == "--min-offtopic-recall") {
      if (!value(g.off_topic_recall)) return 2;
    } else if (a == "--min-infield-precision") {
      if (!value(g.in_field_precision)) return 2;
    } else if (a == "--folds") {
      if (!value(folds) || folds < 2) return 2;
    } else if (a == "--worst") {
      if (!value(n)) return 2;
      worst = static_cast<std::size_t>(n);
    } else if (a.starts_with("--")) {
      std::fprintf(stderr, "eval-nlu: unknown option %s\n", a.c_str());
      return 2;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) files.push_back(FOLLOWUP_SOURCE_DIR "/tests/nlu/eval.tsv");

  std::string config_error;
  auto cfg = load_config("", config_error);
  if (!cfg) {
    std::fprintf(stderr, "eval-nlu: %s\n", config_error.c_str());
    return 2;
  }
  auto r = load_rules_or_explain("eval-nlu", cfg->rules_dir);
  if (!r) return 2;
  std::size_t examples = 0;
  std::vector<std::string> names;
  for (const auto& i : r->intents) {
    examples += i.examples.size();
    names.push_back(i.name);
  }
  if (folds >= 2) return cross_validate(*r, static_cast<std::size_t>(folds), names);
  auto started = std::chrono::steady_clock::now();
  knowledge k(std::move(*r));
  auto trained =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  nlu::predictor predict = [&k](const std::string& text) {
    inbound m;
    m.text = text;
    auto u = understand(k, m);
    nlu::prediction p{u.intent, u.confidence, {}};
    for (const auto& i : u.intents) p.intents.push_back(i.intent);
    return p;
  };

  bool ok = true;
  for (const auto& file : files) {
    std::string error;
    auto set = nlu::read_labelled(file, error);
    if (!error.empty() || set.empty()) {
      std::fprintf(stderr, "eval-nlu: %s\n",
                   error.empty() ? (file + ": no examples").c_str() : error.c_str());
      return 2;
    }
    auto report = nlu::evaluate(predict, names, set);
    std::printf("== %s: %zu messages (trained on %zu examples in %.0f ms)\n", file.c_str(),
                set.size(), examples, trained);
    std::printf("%s", nlu::format_report(report, worst).c_str());
    bool met = report.accuracy >= g.accuracy && report.min_recall >= g.min_recall &&
               (g.off_topic_recall <= 0 || report.off_topic_recall >= g.off_topic_recall) &&
               (g.in_field_precision <= 0 || report.in_field_precision >= g.in_field_precision);
    std::printf(
        "\ntargets (accuracy >= %.2f, every recall >= %.2f, off-topic recall >= %.2f, in-field "
        "precision >= %.2f): %s\n\n",
        g.accuracy, g.min_recall, g.off_topic_recall, g.in_field_precision,
        met ? "met" : "NOT met");
    ok = ok && met;
  }
  return ok ? 0 : 1;
}

}  // namespace followup::cli
