/** Internals of storm detection (CSV reading for the command line); not for other modules. */
package fi.mokadesk.storm.internal;
