/** Benchmark harnesses; each prints a table of measured numbers. See docs/BENCHMARKS.md. */
package io.pistream.bench;
