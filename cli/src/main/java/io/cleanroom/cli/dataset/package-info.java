/** {@code cleanroom dataset}: seal, inspect and open sealed datasets. */
package io.cleanroom.cli.dataset;
