/**
 * The backend {@code reference}: every op, its gradient and SGD in plain Java float64, exactly as the api pins them;
 * the conformance kit's source of expected answers ({@link io.github.resnetspi.reference.ReferenceProvider}).
 */
package io.github.resnetspi.reference;
