/* quizgen offline self-check. Bank text is only ever set with textContent (never innerHTML),
   so it cannot inject markup or script. No network access: nothing is fetched, ever.
   Scoring is not decided here: each question brings its scoring table from Python
   (quizgen/types/scoring.py) and scoreTable() applies the same rule; the test suite runs
   tests/data/scoring/*.json through both. */
(function () {
  "use strict";

  // ---- the one scoring rule (a copy of quizgen.types.scoring, checked by shared test vectors) ----
  var EPSILON = 1e-9;
  function slotShare(slot, given) {
    if (given === null || given === undefined) { return 0; }
    if (slot.awarded) { return typeof given === "number" ? Math.min(Math.max(given, 0), slot.awarded) : 0; }
    if (typeof given === "number") { return 0; }
    var chosen = given.filter(function (option, i) { return given.indexOf(option) === i; });
    if (!slot.many && chosen.length > 1) { return 0; }
    return chosen.reduce(function (sum, option) {
      return sum + (Object.prototype.hasOwnProperty.call(slot.weights, option) ? slot.weights[option] : 0);
    }, 0);
  }
  function fraction(table, given) {
    var total = table.slots.reduce(function (sum, slot) { return sum + slotShare(slot, given[slot.key]); }, 0);
    total = Math.min(Math.max(total, 0), 1);
    if (table.all_or_nothing) { return total >= 1 - EPSILON ? 1 : 0; }
    return Math.round(total * 1e9) / 1e9;
  }
  function answered(table, given) {
    return table.slots.some(function (slot) {
      var value = given[slot.key];
      return value !== null && value !== undefined && (typeof value === "number" || value.length > 0);
    });
  }
  function scoreTable(table, given) {
    var share = fraction(table, given);
    var state;
    if (!answered(table, given)) { state = "none"; }
    else if (table.slots.every(function (slot) { return slot.awarded; })) { state = "self"; }
    else if (share >= 1 - EPSILON) { state = "right"; }
    else { state = share > EPSILON ? "partial" : "wrong"; }
    return {fraction: share, earned: Math.round(table.points * share * 1e6) / 1e6, state: state};
  }
  window.quizgenScoring = {scoreTable: scoreTable};  // for the shared scoring vectors

  var source = document.getElementById("quiz-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var L = data.labels;
  var TYPO = data.typography;
  var LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  var form = document.getElementById("quiz");
  var list = document.getElementById("questions");
  var result = document.getElementById("result");
  var status = document.getElementById("status");
  var questions = data.questions; // the Python variant's order at first
  var checked = false;

  // ---- seeded shuffle (mulberry32), so a seed always gives the same order ----
  function mulberry32(a) {
    return function () {
      a = (a + 0x6D2B79F5) | 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffle(items, rnd) {
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(rnd() * (i + 1));
      var tmp = items[i]; items[i] = items[j]; items[j] = tmp;
    }
    return items;
  }
  function reshuffle(seed) {
    var rnd = mulberry32(seed);
    var copy = shuffle(JSON.parse(JSON.stringify(data.questions)), rnd);
    copy.forEach(function (q, i) {
      q.number = i + 1;
      if (q.interaction === "choice") {
        var free = shuffle(q.choices.filter(function (c) { return !c.pinned; }), rnd);
        var k = 0;
        q.choices = q.choices.map(function (c) { return c.pinned ? c : free[k++]; });
        q.choices.forEach(function (c, n) { c.letter = LETTERS[n]; });
      }
      if (q.interaction === "rows") {
        if (q.options_kind === "technique") {
          shuffle(q.options, rnd);
          q.options.forEach(function (option, n) { option.letter = LETTERS[n]; });
        }
        shuffle(q.rows, rnd);
      }
    });
    return copy;
  }
  function freshSeed() {
    var buffer = new Uint32Array(1);
    window.crypto.getRandomValues(buffer);
    return 100000 + (buffer[0] % 900000);
  }

  // ---- small DOM helpers: text always through text nodes ----
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    });
    return node;
  }
  var NBSP = "\u00a0";
  function num(value) {
    return String(Math.round(value * 10) / 10).replace(".", TYPO.decimal);
  }
  function pointsText(value) { return num(value) + NBSP + (value > 1 ? L.points : L.point); }
  function colon() { return TYPO.colon + " "; }
  function quote(excerpt) {
    var text = TYPO.open_quote + excerpt.text + TYPO.close_quote;
    return excerpt.paragraph ? text + " (§" + excerpt.paragraph + ")" : text;
  }
  function techniqueName(tid) { return data.glossary[tid] ? data.glossary[tid].name : tid; }
  function option(q, key) { return q.options.filter(function (o) { return o.key === key; })[0]; }

  // ---- rendering one question ----
  function render() {
    list.textContent = "";
    questions.forEach(function (q) { list.appendChild(questionNode(q)); });
    checked = false;
    result.hidden = true;
  }

  function questionNode(q) {
    var id = "q" + q.number;
    var section = el("section", {"class": "question", id: id, "aria-labelledby": id + "-title", "data-qid": q.id});
    section.appendChild(el("h2", {id: id + "-title"}, [
      L.question + " " + q.number, el("span", {"class": "points"}, [pointsText(q.points)])
    ]));
    section.appendChild(el("p", {"class": "prompt", id: id + "-prompt"}, [q.prompt]));
    q.excerpts.forEach(function (excerpt) {
      section.appendChild(el("blockquote", {"class": "excerpt"}, [el("p", {}, [quote(excerpt)])]));
    });
    section.appendChild(INTERACTIONS[q.interaction].body(q, id));
    section.appendChild(el("div", {"class": "feedback", id: id + "-feedback", hidden: "hidden"}));
    return section;
  }

  function choiceInput(type, name, value, inputId, labelChildren, extra) {
    var input = el("input", {type: type, name: name, value: value, id: inputId});
    var label = el("label", {"for": inputId}, labelChildren);
    return el("div", {"class": "choice" + (extra ? " " + extra : "")}, [input, label]);
  }
  function checkedValues(section, name) {
    return Array.prototype.map.call(
      section.querySelectorAll('input[name="' + name + '"]:checked'), function (input) { return input.value; });
  }
  function sumOfTicks(box) {
    var met = 0;
    if (box) { box.querySelectorAll("input.criterion:checked").forEach(function (tick) { met += Number(tick.value); }); }
    return met;
  }
  function heading(text) { return el("h3", {}, [text]); }
  function selfAssessment(box, items) {
    var fieldset = el("fieldset", {"class": "rubric"}, [el("legend", {}, [L.self_assess])]);
    items.forEach(function (item, n) {
      var boxId = box.id + "-k" + n;
      var input = el("input", {type: "checkbox", "class": "criterion", id: boxId, value: String(item.points)});
      fieldset.appendChild(el("div", {"class": "choice"}, [input,
        el("label", {"for": boxId}, [el("strong", {}, [pointsText(item.points)]), " — " + item.criterion])]));
    });
    return fieldset;
  }

  // ---- the four ways of answering: how each is drawn, read, and explained ----
  var INTERACTIONS = {
    choice: {
      body: function (q, id) {
        var fieldset = el("fieldset", {"aria-describedby": id + "-prompt"}, [el("legend", {}, [q.many ? L.tick_all : L.tick_one])]);
        q.choices.forEach(function (c, n) {
          fieldset.appendChild(choiceInput(q.many ? "checkbox" : "radio", id, c.key, id + "-c" + n,
            [el("span", {"class": "letter", "aria-hidden": "true"}, [c.letter]), el("span", {"class": "sr-only"}, [c.letter + ". "]), c.text]));
        });
        return fieldset;
      },
      given: function (q, section) {
        var given = {};
        given[q.slot] = checkedValues(section, section.id);
        return given;
      },
      feedback: function (q, given, box) {
        var expected = q.choices.filter(function (c) { return c.correct; });
        box.appendChild(el("p", {"class": "expected"}, [L.expected + colon(),
          expected.map(function (c) { return c.letter + ". " + c.text; }).join(L.list_separator)]));
        q.choices.forEach(function (c) {
          if (!c.correct && given[q.slot].indexOf(c.key) >= 0) {
            box.appendChild(el("p", {"class": "why-wrong"}, [
              L.your_choice + " " + c.letter + ". " + c.text + colon(), el("em", {}, [c.why_wrong || ""])]));
          }
        });
        return [];
      }
    },
    truth: {
      body: function (q, id) {
        var fieldset = el("fieldset", {"class": "inline", "aria-describedby": id + "-prompt"}, [
          el("legend", {}, [L.true_or_false])
        ]);
        fieldset.appendChild(choiceInput("radio", id, "true", id + "-true", [L.true]));
        fieldset.appendChild(choiceInput("radio", id, "false", id + "-false", [L.false]));
        if (!q.justification) { return fieldset; }
        return el("div", {}, [fieldset, el("div", {"class": "short"}, [
          el("label", {"for": id + "-text"}, [L.justify]),
          el("textarea", {id: id + "-text", rows: "3"})])]);
      },
      given: function (q, section) {
        var given = {};
        var value = checkedValues(section, section.id)[0];
        given[q.slot] = value === undefined ? [] : [value];
        if (q.justification) {
          var text = section.querySelector("#" + section.id + "-text").value.trim();
          given.justification = text ? sumOfTicks(section.querySelector(".feedback")) / q.points : null;
        }
        return given;
      },
      feedback: function (q, given, box) {
        box.appendChild(el("p", {"class": "expected"}, [L.expected + colon(), q.answer ? L.true : L.false]));
        if (q.justification) {
          box.appendChild(selfAssessment(box, [{points: q.justification, criterion: L.justification_met}]));
        }
        return [];
      }
    },
    rows: {
      body: function (q, id) {
        var box = el("div", {"class": q.options_kind === "technique" ? "matching" : "classify"});
        if (q.options_kind === "technique") {
          var options = el("ul", {"class": "options", "aria-label": L.technique_options});
          q.options.forEach(function (o) {
            options.appendChild(el("li", {}, [el("span", {"class": "letter"}, [o.letter]), o.label]));
          });
          box.appendChild(el("p", {"class": "hint"}, [L.technique_options + colon()]));
          box.appendChild(options);
        }
        q.rows.forEach(function (row, n) {
          var rowId = id + "-r" + n;
          if (q.options_kind === "technique") {
            var select = el("select", {id: rowId, "data-row": String(n)}, [el("option", {value: ""}, [L.choose])]);
            q.options.forEach(function (o) { select.appendChild(el("option", {value: o.key}, [o.letter + ". " + o.label])); });
            box.appendChild(el("div", {"class": "row"}, [
              el("label", {"for": rowId}, [el("span", {"class": "rownum"}, [String(n + 1)]), quote(row.excerpt)]), select]));
          } else {
            var set = el("fieldset", {"class": "inline"}, [
              el("legend", {}, [el("span", {"class": "rownum"}, [String(n + 1)]), quote(row.excerpt)])]);
            q.options.forEach(function (o, k) {
              set.appendChild(choiceInput("radio", rowId, o.key, rowId + "-" + k, [o.label]));
            });
            box.appendChild(set);
          }
        });
        return box;
      },
      given: function (q, section) {
        var given = {};
        q.rows.forEach(function (row, n) {
          var rowId = section.id + "-r" + n;
          var value = q.options_kind === "technique"
            ? section.querySelector("#" + rowId).value : (checkedValues(section, rowId)[0] || "");
          given[row.slot] = value ? [value] : [];
        });
        return given;
      },
      feedback: function (q, given, box) {
        var techniques = [];
        var items = el("ol", {"class": "rows"});
        function name(key) {
          var o = option(q, key);
          if (q.options_kind !== "technique") { return o ? o.label : key; }
          return (o ? o.letter + ". " : "") + techniqueName(key);
        }
        q.rows.forEach(function (row) {
          var chosen = given[row.slot][0];
          var ok = chosen !== undefined && row.accepted.indexOf(chosen) >= 0;
          var parts = [el("span", {"class": ok ? "mark right" : "mark wrong"}, [ok ? "✔ " : "✘ "]),
            quote(row.excerpt) + " — " + L.your_choice + colon() + (chosen ? name(chosen) : L.no_answer)];
          if (!ok) { parts.push(L.list_separator + L.expected + colon() + name(row.answer)); }
          if (row.explanation) { parts.push(el("br"), el("span", {"class": "row-explanation"}, [row.explanation])); }
          if (row.sources.length) {
            parts.push(el("span", {"class": "muted"}, [" (" + L.sources + colon() + row.sources.map(function (s) {
              return s.title + ", " + s.publisher + ", " + s.date + (s.url ? ", " + s.url : "");
            }).join(L.list_separator) + ")"]));
          }
          items.appendChild(el("li", {"class": ok ? "right" : "wrong"}, parts));
          if (q.options_kind === "technique") {
            techniques.push(row.answer);
            if (chosen) { techniques.push(chosen); }
          }
        });
        box.appendChild(items);
        return techniques;
      }
    },
    open: {
      body: function (q, id) {
        return el("div", {"class": "short"}, [
          el("label", {"for": id + "-text"}, [L.write_answer]),
          el("textarea", {id: id + "-text", rows: "4", "aria-describedby": id + "-prompt"})
        ]);
      },
      given: function (q, section) {
        var given = {};
        var text = section.querySelector("#" + section.id + "-text").value.trim();
        given[q.slot] = text ? sumOfTicks(section.querySelector(".feedback")) / q.points : null;
        return given;
      },
      feedback: function (q, given, box) {
        box.appendChild(heading(L.model_answer));
        box.appendChild(el("p", {"class": "model-answer"}, [q.model_answer]));
        box.appendChild(heading(L.rubric));
        box.appendChild(selfAssessment(box, q.rubric));
        return [];
      }
    }
  };

  function grade(q, section) {
    return scoreTable(q.scoring, INTERACTIONS[q.interaction].given(q, section));
  }

  // ---- feedback ----
  function verdictLine(q, g) {
    var words = {right: "✔ " + L.right, wrong: "✘ " + L.wrong, partial: "◐ " + L.partial,
                 none: "– " + L.no_answer, self: "✎ " + L.self};
    return el("p", {"class": "verdict " + g.state}, [
      el("strong", {}, [words[g.state]]), " (" + num(g.earned) + " / " + pointsText(q.points) + ")"
    ]);
  }
  function sourceItem(s) {
    var parts = [s.title + ", " + s.publisher + ", " + s.date];
    if (s.url) { parts.push(". ", el("a", {href: s.url, rel: "noopener noreferrer", target: "_blank"}, [s.url])); }
    return el("li", {}, parts);
  }

  function feedback(q, section, box) {
    var given = INTERACTIONS[q.interaction].given(q, section);
    box.textContent = "";
    box.appendChild(verdictLine(q, scoreTable(q.scoring, given)));
    var techniques = q.techniques.concat(INTERACTIONS[q.interaction].feedback(q, given, box));
    box.appendChild(heading(L.explanation));
    box.appendChild(el("p", {"class": "explanation"}, [q.explanation]));
    if (q.claims.length) {
      var claims = el("ul", {"class": "claims"});
      q.claims.forEach(function (claim) {
        claims.appendChild(el("li", {}, [el("strong", {}, [claim.verdict]), " " + quote(claim.excerpt) + " — " + claim.explanation]));
      });
      box.appendChild(claims);
    }
    var seen = {};
    techniques = techniques.filter(function (tid) { var fresh = !seen[tid] && data.glossary[tid]; seen[tid] = true; return fresh; });
    if (techniques.length) {
      box.appendChild(heading(L.techniques));
      var defs = el("dl", {"class": "techniques"});
      techniques.forEach(function (tid) {
        defs.appendChild(el("dt", {}, [techniqueName(tid)]));
        defs.appendChild(el("dd", {}, [data.glossary[tid].definition]));
      });
      box.appendChild(defs);
    }
    if (q.sources.length) {
      box.appendChild(heading(L.sources));
      box.appendChild(el("ul", {"class": "sources"}, q.sources.map(sourceItem)));
    }
    box.hidden = false;
  }

  function sections() { return Array.prototype.slice.call(list.querySelectorAll("section.question")); }

  function score() {
    var earned = 0, total = 0, missed = [];
    sections().forEach(function (section, i) {
      var q = questions[i];
      var g = grade(q, section);
      earned += g.earned; total += q.points;
      section.setAttribute("data-state", g.state);
      if (g.earned < q.points) { missed.push(q); }
    });
    document.getElementById("score").textContent = L.score + colon() + num(earned) + " / " + pointsText(total);
    var missedBox = document.getElementById("missed");
    missedBox.textContent = "";
    if (!missed.length) {
      missedBox.appendChild(el("p", {}, [L.none_missed]));
    } else {
      missedBox.appendChild(el("p", {}, [L.missed + TYPO.colon]));
      missedBox.appendChild(el("ul", {}, missed.map(function (q) {
        return el("li", {}, [el("a", {href: "#q" + q.number}, [L.question + " " + q.number]), " — " + q.prompt]);
      })));
    }
    result.hidden = false;
    return earned;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sections().forEach(function (section, i) {
      var box = section.querySelector(".feedback");
      // keep the self-assessment ticks across checks
      var kept = Array.prototype.map.call(box.querySelectorAll("input.criterion"), function (b) { return b.checked; });
      feedback(questions[i], section, box);
      box.querySelectorAll("input.criterion").forEach(function (b, n) { b.checked = !!kept[n]; });
      var verdict = box.querySelector(".verdict");
      verdict.parentNode.replaceChild(verdictLine(questions[i], grade(questions[i], section)), verdict);
    });
    score();
    checked = true;
    result.focus();
  });

  // A self-assessment tick changes the score and the verdict at once.
  list.addEventListener("change", function (event) {
    if (!checked || !event.target.classList.contains("criterion")) { return; }
    var section = event.target.closest("section.question");
    var i = sections().indexOf(section);
    var verdict = section.querySelector(".verdict");
    verdict.parentNode.replaceChild(verdictLine(questions[i], grade(questions[i], section)), verdict);
    score();
  });

  document.getElementById("restart").addEventListener("click", function () {
    var seed = freshSeed();
    questions = reshuffle(seed);
    document.getElementById("seed").textContent = String(seed);
    render();
    status.textContent = L.reshuffled + " " + L.seed + " " + seed;
    list.focus();
  });

  render();
})();
