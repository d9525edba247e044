/** The data owners' differential-privacy budgets, debited by every key release that spends them. */
package io.cleanroom.broker.budget;
