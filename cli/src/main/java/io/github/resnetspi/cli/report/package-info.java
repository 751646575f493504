/**
 * A comparison's report: summaries per backend, Welch's t-tests between them, Markdown, JSON, CSV and charts.
 */
package io.github.resnetspi.cli.report;
