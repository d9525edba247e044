/**
 * The clean-room query engine: contracts and analysis rules, the static query check, output privacy
 * and vectorized execution of SQL over Arrow data.
 */
package io.cleanroom.query;
