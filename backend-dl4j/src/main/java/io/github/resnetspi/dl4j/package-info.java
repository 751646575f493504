/** The {@code dl4j} backend: Deeplearning4j's SameDiff graphs on ND4J's CPU natives. */
package io.github.resnetspi.dl4j;
