/**
 * Ready-made ResNets by name ({@link io.github.resnetspi.api.presets.Presets}, which lists them), with their default
 * input ({@link io.github.resnetspi.api.presets.PresetOptions}) and the block builders they share.
 */
package io.github.resnetspi.api.presets;
