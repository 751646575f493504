/**
 * The third-party backend {@code sample} of docs/writing-a-backend.md.
 */
package com.example.sample;
