/** The collaboration contract: datasets, their Arrow schemas and the analysis rule of each. */
package io.cleanroom.query.contract;
