/* quizgen offline self-check. Bank text is only ever set with textContent (never innerHTML),
   so it cannot inject markup or script. No network access: nothing is fetched, ever. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("quiz-data").textContent);
  var L = data.labels;
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
      if (q.choices) {
        var free = shuffle(q.choices.filter(function (c) { return !c.pinned; }), rnd);
        var k = 0;
        q.choices = q.choices.map(function (c) { return c.pinned ? c : free[k++]; });
        q.choices.forEach(function (c, n) { c.letter = LETTERS[n]; });
      }
      if (q.type === "matching") { shuffle(q.options, rnd); }
      if (q.rows) { shuffle(q.rows, rnd); }
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
    var text = String(Math.round(value * 10) / 10);
    return data.language === "fr" ? text.replace(".", ",") : text;
  }
  function pointsText(value) { return num(value) + NBSP + (value > 1 ? L.points : L.point); }
  function colon() { return data.language === "fr" ? NBSP + ": " : ": "; }
  function quote(excerpt) {
    var text = "«" + NBSP + excerpt.text + NBSP + "»";
    return excerpt.paragraph ? text + " (§" + excerpt.paragraph + ")" : text;
  }
  function techniqueName(tid) { return data.glossary[tid] ? data.glossary[tid].name : tid; }
  function letterOf(q, tid) { return LETTERS[q.options.indexOf(tid)]; }

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
    section.appendChild(body(q, id));
    section.appendChild(el("div", {"class": "feedback", id: id + "-feedback", hidden: "hidden"}));
    return section;
  }

  function choiceInput(type, name, value, inputId, labelChildren, extra) {
    var input = el("input", {type: type, name: name, value: value, id: inputId});
    var label = el("label", {"for": inputId}, labelChildren);
    return el("div", {"class": "choice" + (extra ? " " + extra : "")}, [input, label]);
  }

  function body(q, id) {
    var fieldset;
    if (q.type === "single-choice" || q.type === "multiple-select") {
      var type = q.type === "single-choice" ? "radio" : "checkbox";
      fieldset = el("fieldset", {"aria-describedby": id + "-prompt"}, [
        el("legend", {}, [q.type === "single-choice" ? L.tick_one : L.tick_all])
      ]);
      q.choices.forEach(function (c, n) {
        fieldset.appendChild(choiceInput(type, id, String(n), id + "-c" + n,
          [el("span", {"class": "letter", "aria-hidden": "true"}, [c.letter]), el("span", {"class": "sr-only"}, [c.letter + ". "]), c.text]));
      });
      return fieldset;
    }
    if (q.type === "true-false") {
      fieldset = el("fieldset", {"class": "inline", "aria-describedby": id + "-prompt"}, [
        el("legend", {}, [L.true + " / " + L.false.toLowerCase() + NBSP + "?"])
      ]);
      fieldset.appendChild(choiceInput("radio", id, "true", id + "-true", [L.true]));
      fieldset.appendChild(choiceInput("radio", id, "false", id + "-false", [L.false]));
      return fieldset;
    }
    if (q.type === "matching") {
      var box = el("div", {"class": "matching"});
      var options = el("ul", {"class": "options", "aria-label": L.technique_options});
      q.options.forEach(function (tid, n) {
        options.appendChild(el("li", {}, [el("span", {"class": "letter"}, [LETTERS[n]]), techniqueName(tid)]));
      });
      box.appendChild(el("p", {"class": "hint"}, [L.technique_options + colon()]));
      box.appendChild(options);
      q.rows.forEach(function (row, n) {
        var selectId = id + "-r" + n;
        var select = el("select", {id: selectId, "data-row": String(n)}, [el("option", {value: ""}, [L.choose])]);
        q.options.forEach(function (tid, k) {
          select.appendChild(el("option", {value: tid}, [LETTERS[k] + ". " + techniqueName(tid)]));
        });
        box.appendChild(el("div", {"class": "row"}, [
          el("label", {"for": selectId}, [el("span", {"class": "rownum"}, [String(n + 1)]), quote(row.excerpt)]),
          select
        ]));
      });
      return box;
    }
    if (q.type === "claim-classification") {
      var group = el("div", {"class": "classify"});
      q.rows.forEach(function (row, n) {
        var set = el("fieldset", {"class": "inline"}, [
          el("legend", {}, [el("span", {"class": "rownum"}, [String(n + 1)]), quote(row.excerpt)])
        ]);
        q.options.forEach(function (cid, k) {
          set.appendChild(choiceInput("radio", id + "-r" + n, cid, id + "-r" + n + "-" + k, [q.categories[cid]]));
        });
        group.appendChild(set);
      });
      return group;
    }
    // short answer: written, then self-assessed against the rubric
    return el("div", {"class": "short"}, [
      el("label", {"for": id + "-text"}, [L.write_answer]),
      el("textarea", {id: id + "-text", rows: "4", "aria-describedby": id + "-prompt"})
    ]);
  }

  // ---- reading and grading the answers ----
  function checkedValues(section, name) {
    return Array.prototype.map.call(
      section.querySelectorAll('input[name="' + name + '"]:checked'), function (input) { return input.value; });
  }

  function grade(q, section) {
    var id = section.id;
    var out = {max: q.points, earned: 0, state: "none", rows: []};
    if (q.choices) {
      var chosen = checkedValues(section, id).map(Number);
      out.chosen = chosen;
      if (!chosen.length) { return out; }
      var right = q.choices.every(function (c, n) { return c.correct === (chosen.indexOf(n) >= 0); });
      out.state = right ? "right" : "wrong";
      out.earned = right ? q.points : 0;
      return out;
    }
    if (q.type === "true-false") {
      var value = checkedValues(section, id)[0];
      out.chosen = value;
      if (value === undefined) { return out; }
      var ok = (value === "true") === q.answer;
      out.state = ok ? "right" : "wrong";
      out.earned = ok ? q.points : 0;
      return out;
    }
    if (q.rows) {
      var answered = 0, good = 0;
      q.rows.forEach(function (row, n) {
        var given = q.type === "matching"
          ? section.querySelector("#" + id + "-r" + n).value
          : (checkedValues(section, id + "-r" + n)[0] || "");
        if (given) { answered++; }
        var ok = given !== "" && row.accepted.indexOf(given) >= 0;
        if (ok) { good++; }
        out.rows.push({given: given, ok: ok});
      });
      if (!answered) { return out; }
      out.earned = q.points * good / q.rows.length;
      out.state = good === q.rows.length ? "right" : (good ? "partial" : "wrong");
      return out;
    }
    var text = section.querySelector("#" + id + "-text").value.trim();
    out.text = text;
    var met = 0;
    section.querySelectorAll("input.criterion:checked").forEach(function (box) { met += Number(box.value); });
    out.earned = Math.min(met, q.points);
    out.state = text ? "self" : "none";
    return out;
  }

  // ---- feedback ----
  function verdictLine(q, g) {
    var words = {right: "✔ " + L.right, wrong: "✘ " + L.wrong, partial: "◐ " + L.partial,
                 none: "– " + L.no_answer, self: "✎ " + L.self_assess};
    return el("p", {"class": "verdict " + g.state}, [
      el("strong", {}, [words[g.state]]), " (" + num(g.earned) + " / " + pointsText(g.max) + ")"
    ]);
  }
  function sourceItem(s) {
    var parts = [s.title + ", " + s.publisher + ", " + s.date];
    if (s.url) { parts.push(". ", el("a", {href: s.url, rel: "noopener noreferrer", target: "_blank"}, [s.url])); }
    return el("li", {}, parts);
  }
  function heading(text) { return el("h3", {}, [text]); }

  function feedback(q, g, box) {
    box.textContent = "";
    box.appendChild(verdictLine(q, g));
    var techniques = q.techniques.slice();
    if (q.choices) {
      var expected = q.choices.filter(function (c) { return c.correct; });
      box.appendChild(el("p", {"class": "expected"}, [L.expected + colon(),
        expected.map(function (c) { return c.letter + ". " + c.text; }).join(" ; ")]));
      g.chosen.forEach(function (n) {
        var c = q.choices[n];
        if (!c.correct) {
          box.appendChild(el("p", {"class": "why-wrong"}, [
            L.your_choice + " " + c.letter + ". " + c.text + colon(), el("em", {}, [c.why_wrong || ""])]));
        }
      });
    } else if (q.type === "true-false") {
      box.appendChild(el("p", {"class": "expected"}, [L.expected + colon(), q.answer ? L.true : L.false]));
    } else if (q.rows) {
      var items = el("ol", {"class": "rows"});
      q.rows.forEach(function (row, n) {
        var r = g.rows[n];
        var name = function (value) {
          return q.type === "matching" ? letterOf(q, value) + ". " + techniqueName(value) : q.categories[value];
        };
        var parts = [el("span", {"class": r.ok ? "mark right" : "mark wrong"}, [r.ok ? "✔ " : "✘ "]),
          quote(row.excerpt) + " — " + L.your_choice + colon() + (r.given ? name(r.given) : L.no_answer)];
        if (!r.ok) { parts.push(" ; " + L.expected + colon() + name(row.answer)); }
        if (row.explanation) { parts.push(el("br"), el("span", {"class": "row-explanation"}, [row.explanation])); }
        if (row.sources && row.sources.length) {
          parts.push(el("span", {"class": "muted"}, [" (" + L.sources + colon() + row.sources.map(function (s) {
            return s.title + ", " + s.publisher + ", " + s.date + (s.url ? ", " + s.url : "");
          }).join(" ; ") + ")"]));
        }
        items.appendChild(el("li", {"class": r.ok ? "right" : "wrong"}, parts));
        if (q.type === "matching") {
          techniques.push(row.answer);
          if (r.given) { techniques.push(r.given); }
        }
      });
      box.appendChild(items);
    } else {
      box.appendChild(heading(L.model_answer));
      box.appendChild(el("p", {"class": "model-answer"}, [q.model_answer]));
      box.appendChild(heading(L.rubric));
      var rubric = el("fieldset", {"class": "rubric"}, [el("legend", {}, [L.self_assess])]);
      q.rubric.forEach(function (line, n) {
        var boxId = box.id + "-k" + n;
        var input = el("input", {type: "checkbox", "class": "criterion", id: boxId, value: String(line.points)});
        rubric.appendChild(el("div", {"class": "choice"}, [input,
          el("label", {"for": boxId}, [el("strong", {}, [pointsText(line.points)]), " — " + line.criterion])]));
      });
      box.appendChild(rubric);
    }
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
      missedBox.appendChild(el("p", {}, [L.missed + colon()]));
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
      var q = questions[i];
      var box = section.querySelector(".feedback");
      // keep the self-assessment ticks of a short answer across checks
      var kept = Array.prototype.map.call(box.querySelectorAll("input.criterion"), function (b) { return b.checked; });
      feedback(q, grade(q, section), box);
      box.querySelectorAll("input.criterion").forEach(function (b, n) { b.checked = !!kept[n]; });
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
    var g = grade(questions[i], section);
    var verdict = section.querySelector(".verdict");
    verdict.parentNode.replaceChild(verdictLine(questions[i], g), verdict);
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
