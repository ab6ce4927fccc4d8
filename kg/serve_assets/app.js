// The query page: examples from /queries.json, results from /sparql, built with DOM
// calls only (textContent), so no result value is ever parsed as HTML.
"use strict";

const $ = (id) => document.getElementById(id);

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

function shorten(iri) {
  const prefixes = {
    "https://w3id.org/diplograph/ontology#": "dg:",
    "https://w3id.org/diplograph/id/": "dgr:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.wikidata.org/entity/": "wd:",
  };
  for (const [ns, p] of Object.entries(prefixes)) {
    if (iri.startsWith(ns)) return p + iri.slice(ns.length);
  }
  return iri;
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  td.textContent = term.type === "uri" ? shorten(term.value) : term.value;
  if (term.type === "uri") td.title = term.value;
  const meta = term["xml:lang"] ? "@" + term["xml:lang"]
    : term.datatype ? "^^" + shorten(term.datatype) : term.type === "bnode" ? "_:" : "";
  if (meta) {
    const span = document.createElement("span");
    span.className = "meta";
    span.textContent = meta;
    td.appendChild(span);
  }
  return td;
}

function showTable(data) {
  const out = $("results");
  out.replaceChildren();
  if ("boolean" in data) {
    const p = document.createElement("p");
    p.textContent = "ASK: " + data.boolean;
    out.appendChild(p);
    return 1;
  }
  const vars = data.head.vars;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of data.results.bindings) {
    const tr = body.insertRow();
    for (const v of vars) tr.appendChild(cell(row[v]));
  }
  out.appendChild(table);
  return data.results.bindings.length;
}

function showText(text) {
  const pre = document.createElement("pre");
  pre.textContent = text;
  $("results").replaceChildren(pre);
}

async function run(event) {
  if (event) event.preventDefault();
  const started = performance.now();
  $("run").disabled = true;
  setStatus("running…");
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: $("query").value,
    });
    const ms = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      $("results").replaceChildren();
      setStatus(`${response.status}: ${(await response.text()).trim()}`, true);
      return;
    }
    let count;
    if (type.includes("json")) {
      count = showTable(await response.json());
    } else {
      const text = await response.text();
      showText(text);
      count = text.split("\n").filter((l) => l.trim()).length + " lines,";
    }
    const cut = response.headers.get("X-Result-Truncated") ? " (cut at the row limit)" : "";
    setStatus(`${count} rows${cut} in ${ms} ms`.replace("lines, rows", "lines"));
  } catch (err) {
    setStatus("request failed: " + err, true);
  } finally {
    $("run").disabled = false;
  }
}

async function loadExamples() {
  try {
    const response = await fetch("/queries.json");
    const examples = await response.json();
    const select = $("examples");
    for (const ex of examples) {
      const option = document.createElement("option");
      option.value = ex.name;
      option.textContent = ex.name;
      select.appendChild(option);
    }
    select.addEventListener("change", () => {
      const ex = examples.find((e) => e.name === select.value);
      $("description").textContent = ex ? ex.description : "";
      if (ex) $("query").value = ex.query;
    });
  } catch (err) {
    setStatus("could not load the named queries: " + err, true);
  }
}

$("form").addEventListener("submit", run);
$("query").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(e);
});
loadExamples();
