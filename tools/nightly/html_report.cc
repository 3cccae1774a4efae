#include "tools/nightly/html_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/util/json_util.h"

namespace baton::nightly {
namespace {

constexpr char kHead[] = R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Baton nightly TITLE_DATE</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { background: #1d2330; color: #fff; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header .meta { opacity: .8; font-size: 13px; }
main { padding: 16px 24px 40px; max-width: 1300px; }
section { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 12px 16px; margin: 14px 0; }
h2 { font-size: 16px; margin: 0 0 10px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eceef2; vertical-align: top; }
th { font-weight: 600; color: #505a6b; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.status-SUCCEEDED { background: #1f8a4c; } .status-FAILED { background: #c62828; }
.status-TIMED_OUT { background: #d97706; } .status-STOPPED { background: #7c3aed; }
.status-SKIPPED { background: #6b7280; } .status-APPROVED { background: #0e7490; }
.sev-BLOCKER { background: #7f1d1d; } .sev-ERROR { background: #c62828; }
.sev-WARNING { background: #b45309; } .sev-INFO { background: #2563eb; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid #dde1e7; border-radius: 8px; padding: 8px 14px; min-width: 110px; background: #fafbfc; }
.card .n { font-size: 22px; font-weight: 700; }
.muted { color: #6b7280; }
svg.gantt { width: 100%; display: block; }
svg.gantt text { font-size: 11px; fill: #1d2330; }
svg.gantt .grid { stroke: #e5e7eb; }
rect.gantt-bar.status-SUCCEEDED { fill: #1f8a4c; } rect.gantt-bar.status-FAILED { fill: #c62828; }
rect.gantt-bar.status-TIMED_OUT { fill: #d97706; } rect.gantt-bar.status-STOPPED { fill: #7c3aed; }
rect.gantt-bar.status-SKIPPED { fill: #9ca3af; } rect.gantt-bar.status-APPROVED { fill: #0e7490; }
rect.gantt-bar.step-bar { opacity: .75; }
.reason { white-space: pre-wrap; }
</style>
</head>
<body>
<header><h1>Baton nightly <span id="night-date"></span> <span id="night-status"></span></h1>
<div class="meta" id="night-meta"></div></header>
<main>
<noscript><p>This report is drawn by its inline script; the raw data is in report.json next to it.</p></noscript>
<section id="summary"><h2>Summary</h2><div class="cards" id="summary-cards"></div></section>
<section id="nights"><h2>Invocations, skipped and missed nights</h2><div id="nights-body"></div></section>
<section id="timeline"><h2>Timeline</h2><div id="gantt"></div></section>
<section id="jobs"><h2>Jobs</h2><table id="jobs-table"><thead><tr><th>Job</th><th>Kind</th><th>Status</th><th>Duration</th><th>Outcome</th><th>Commits and branches</th><th>Logs</th></tr></thead><tbody></tbody></table></section>
<section id="findings"><h2>Findings by severity</h2><div id="findings-body"></div></section>
<section id="steps"><h2>Steps</h2><table id="steps-table"><thead><tr><th>Job</th><th>Step</th><th>Status</th><th>Started</th><th>Duration</th><th>Summary</th><th>Log</th></tr></thead><tbody></tbody></table></section>
</main>
<script type="application/json" id="report-data">)HTML";

constexpr char kTail[] = R"HTML(</script>
<script>
(function () {
  "use strict";
  var report = JSON.parse(document.getElementById("report-data").textContent);
  var jobs = report.job || [];
  var SEVERITIES = ["BLOCKER", "ERROR", "WARNING", "INFO"];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.appendChild(document.createTextNode(text));
    return node;
  }
  function ms(value) { return Number(value || 0); }
  function clock(value) {
    if (!ms(value)) return "";
    var d = new Date(ms(value));
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }
  function duration(milliseconds) {
    var s = Math.round(ms(milliseconds) / 100) / 10;
    if (s < 60) return s + "s";
    var m = Math.floor(s / 60);
    return m + "m " + Math.round(s - 60 * m) + "s";
  }
  function badge(status, prefix) {
    return el("span", {"class": "badge " + (prefix || "status-") + status}, [status]);
  }
  function link(href, text) { return el("a", {"href": href}, [text]); }
  function jobStatus(job) { return job.status || "STATUS_UNSPECIFIED"; }

  document.getElementById("night-date").textContent = report.date || "";
  document.getElementById("night-status").appendChild(badge(report.status || "FAILED"));
  document.getElementById("night-meta").textContent =
      "host " + (report.host || "?") + " \u00b7 pid " + (report.pid || "?") + " \u00b7 " +
      clock(report.started_unix_ms) + "\u2013" + clock(report.finished_unix_ms) + " (" +
      duration(ms(report.finished_unix_ms) - ms(report.started_unix_ms)) + ") \u00b7 parallel " +
      (report.parallel || 1) + " \u00b7 overlap " + (report.overlap || "skip") + " \u00b7 " +
      (report.config || "");

  // Summary cards: jobs by status, findings by severity.
  var cards = document.getElementById("summary-cards");
  var byStatus = {};
  jobs.forEach(function (job) { byStatus[jobStatus(job)] = (byStatus[jobStatus(job)] || 0) + 1; });
  cards.appendChild(el("div", {"class": "card"}, [el("div", {"class": "n"}, [String(jobs.length)]), "jobs"]));
  Object.keys(byStatus).sort().forEach(function (status) {
    cards.appendChild(el("div", {"class": "card", "data-status": status},
        [el("div", {"class": "n"}, [String(byStatus[status])]), badge(status)]));
  });
  var severityCounts = report.findings_by_severity || {};
  SEVERITIES.forEach(function (severity) {
    if (!severityCounts[severity]) return;
    cards.appendChild(el("div", {"class": "card"},
        [el("div", {"class": "n"}, [String(severityCounts[severity])]), badge(severity, "sev-")]));
  });

  // Invocations of this date (skipped ones too) and missed nights.
  var nights = document.getElementById("nights-body");
  var invocations = report.invocation || [];
  var missed = report.missed || [];
  if (invocations.length) {
    var rows = invocations.map(function (inv) {
      return el("tr", {"class": "invocation outcome-" + inv.outcome},
          [el("td", {}, [clock(inv.started_unix_ms)]), el("td", {}, ["pid " + inv.pid]),
           el("td", {}, [inv.outcome || ""]), el("td", {"class": "reason"}, [inv.reason || ""])]);
    });
    nights.appendChild(el("table", {}, [el("thead", {}, [el("tr", {},
        [el("th", {}, ["Started"]), el("th", {}, ["Process"]), el("th", {}, ["Outcome"]),
         el("th", {}, ["Reason"])])]), el("tbody", {}, rows)]));
  }
  if (missed.length) {
    nights.appendChild(el("h3", {}, ["Missed nights"]));
    nights.appendChild(el("ul", {}, missed.map(function (night) {
      return el("li", {"class": "missed-night"}, [el("strong", {}, [night.date]), ": " + night.reason]);
    })));
  } else {
    nights.appendChild(el("p", {"class": "muted"}, ["No missed nights since the previous one."]));
  }

  // The Gantt chart: one row per job, then one per step of it.
  var rowsData = [];
  jobs.forEach(function (job) {
    var start = ms(job.started_unix_ms), end = ms(job.finished_unix_ms);
    rowsData.push({label: job.name, status: jobStatus(job), start: start, end: end, kind: "job", job: job.name});
    (job.steps || []).forEach(function (step) {
      var s = ms(step.started_unix_ms);
      rowsData.push({label: "  " + step.name, status: step.status || "", start: s,
                     end: s + ms(step.duration_ms), kind: "step", job: job.name});
    });
  });
  var timed = rowsData.filter(function (row) { return row.start > 0; });
  var t0 = Math.min.apply(null, timed.map(function (r) { return r.start; }).concat([ms(report.started_unix_ms) || Infinity]));
  var t1 = Math.max.apply(null, timed.map(function (r) { return r.end; }).concat([ms(report.finished_unix_ms) || 0]));
  if (!isFinite(t0)) { t0 = 0; t1 = 1; }
  var span = Math.max(t1 - t0, 1);
  var labelWidth = 230, width = 1000, rowHeight = 22, top = 24;
  var chartWidth = width - labelWidth - 10;
  var height = top + rowsData.length * rowHeight + 10;
  var chart = svg("svg", {"class": "gantt", "viewBox": "0 0 " + width + " " + height,
                          "role": "img", "aria-label": "Timeline of jobs and steps"});
  for (var tick = 0; tick <= 4; ++tick) {
    var x = labelWidth + chartWidth * tick / 4;
    chart.appendChild(svg("line", {"class": "grid", "x1": x, "x2": x, "y1": 14, "y2": height}));
    chart.appendChild(svg("text", {"x": x, "y": 11, "text-anchor": tick === 0 ? "start" : (tick === 4 ? "end" : "middle")},
                          tick === 0 ? (clock(t0) || "0s") : "+" + duration(span * tick / 4)));
  }
  rowsData.forEach(function (row, i) {
    var y = top + i * rowHeight;
    chart.appendChild(svg("text", {"x": 4, "y": y + 14, "font-weight": row.kind === "job" ? "700" : "400"}, row.label));
    var start = row.start > 0 ? row.start : t0;
    var end = row.start > 0 ? Math.max(row.end, row.start) : t0;
    var x0 = labelWidth + chartWidth * (start - t0) / span;
    var w = Math.max(chartWidth * (end - start) / span, 3);
    var bar = svg("rect", {"class": "gantt-bar " + row.kind + "-bar status-" + row.status,
                           "x": x0.toFixed(1), "y": y + (row.kind === "job" ? 3 : 6),
                           "width": w.toFixed(1), "height": row.kind === "job" ? 16 : 10, "rx": 2,
                           "data-job": row.job, "data-status": row.status});
    bar.appendChild(svg("title", {}, row.label.trim() + ": " + row.status + ", " + duration(end - start)));
    chart.appendChild(bar);
  });
  document.getElementById("gantt").appendChild(chart);

  // Jobs.
  var jobsBody = document.querySelector("#jobs-table tbody");
  jobs.forEach(function (job) {
    var outcome = [];
    if (job.summary) outcome.push(el("div", {}, [job.summary]));
    if (job.reason) outcome.push(el("div", {"class": "reason muted"}, [job.reason]));
    if (job.resume_command) outcome.push(el("div", {}, ["resume: ", el("code", {}, [job.resume_command])]));
    var commits = (job.commits || []).map(function (commit) {
      return el("div", {"class": "commit"}, [el("code", {}, [commit.id.substring(0, 12)]), " on ",
          el("code", {"class": "branch"}, [commit.branch]), el("div", {}, [commit.subject || ""]),
          el("div", {"class": "muted mono"}, [(commit.files || []).join(", ")])]);
    });
    (job.branches || []).forEach(function (branch) {
      if ((job.commits || []).some(function (c) { return c.branch === branch; })) return;
      commits.push(el("div", {}, ["branch ", el("code", {"class": "branch"}, [branch])]));
    });
    var logs = [];
    if (job.log) logs.push(el("div", {}, [link(job.log, "job log")]));
    (job.run_dirs || []).forEach(function (dir, i) {
      var href = (job.run_links || [])[i] || ("file://" + dir);
      logs.push(el("div", {}, [link(href, "run " + ((job.run_ids || [])[i] || dir))]));
    });
    jobsBody.appendChild(el("tr", {"class": "job-row", "data-job": job.name, "data-status": jobStatus(job)}, [
      el("td", {}, [el("strong", {}, [job.name])]), el("td", {}, [job.kind || ""]),
      el("td", {}, [badge(jobStatus(job))]),
      el("td", {}, [duration(ms(job.finished_unix_ms) - ms(job.started_unix_ms))]),
      el("td", {}, outcome), el("td", {}, commits), el("td", {}, logs)]));
  });

  // Findings, grouped by severity.
  var findingsBody = document.getElementById("findings-body");
  var any = false;
  SEVERITIES.forEach(function (severity) {
    var rows = [];
    jobs.forEach(function (job) {
      (job.findings || []).forEach(function (finding) {
        if (finding.severity !== severity) return;
        rows.push(el("tr", {"class": "finding"}, [el("td", {}, [job.name]), el("td", {}, [el("code", {}, [finding.rule || ""])]),
            el("td", {"class": "mono"}, [finding.location || ""]), el("td", {}, [finding.message || ""]),
            el("td", {"class": "muted"}, [finding.fix || ""])]));
      });
    });
    if (!rows.length) return;
    any = true;
    findingsBody.appendChild(el("h3", {}, [badge(severity, "sev-"), " " + rows.length]));
    findingsBody.appendChild(el("table", {"class": "findings-" + severity}, [el("thead", {}, [el("tr", {},
        [el("th", {}, ["Job"]), el("th", {}, ["Rule"]), el("th", {}, ["Where"]), el("th", {}, ["Finding"]),
         el("th", {}, ["Fix"])])]), el("tbody", {}, rows)]));
  });
  if (!any) findingsBody.appendChild(el("p", {"class": "muted"}, ["No findings."]));

  // Every step, with its log.
  var stepsBody = document.querySelector("#steps-table tbody");
  jobs.forEach(function (job) {
    (job.steps || []).forEach(function (step) {
      stepsBody.appendChild(el("tr", {"class": "step-row"}, [el("td", {}, [job.name]), el("td", {}, [step.name]),
          el("td", {}, [badge(step.status || "")]), el("td", {}, [clock(step.started_unix_ms)]),
          el("td", {}, [duration(step.duration_ms)]), el("td", {"class": "reason"}, [step.summary || ""]),
          el("td", {}, step.log ? [link(step.log, "log")] : [])]));
    });
  });
  document.body.setAttribute("data-rendered", "true");
})();
</script>
</body>
</html>
)HTML";

}  // namespace

std::string EscapeJsonForScript(absl::string_view json) {
  return absl::StrReplaceAll(json, {{"<", "\\u003c"},
                                    {">", "\\u003e"},
                                    {"&", "\\u0026"},
                                    {"\xE2\x80\xA8", "\\u2028"},
                                    {"\xE2\x80\xA9", "\\u2029"}});
}

std::string RenderHtmlReport(const NightReport& report) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(report, &json, options);
  return absl::StrCat(absl::StrReplaceAll(kHead, {{"TITLE_DATE", report.date()}}),
                      EscapeJsonForScript(json), kTail);
}

}  // namespace baton::nightly
