/**
 * The conformance kit: {@link io.github.resnetspi.conformance.BackendConformanceKit}, the JUnit 5 class a backend's
 * one test class extends, checks the backend against the float64 reference backend and writes a
 * {@link io.github.resnetspi.conformance.ConformanceReport}; {@link io.github.resnetspi.conformance.ConformanceRunner}
 * runs it from code. It needs the JUnit Platform (Surefire 3); a JUnit 4-only run fails
 * ({@link io.github.resnetspi.conformance.RequiresJUnitPlatform}).
 */
package io.github.resnetspi.conformance;
