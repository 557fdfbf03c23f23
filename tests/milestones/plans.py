"""The plans the milestone tests take licences on (licences start 2027-01-01)."""

from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, staged_plan, try_first_plan

FIRST_REVENUE = "首次取得销售收入"
CERTIFIED = "产品取得认证"

# A year's trial that ends at the first revenue, then 30,000 (pay from first revenue, Shaanxi's practice).
FROM_FIRST_REVENUE = try_first_plan(Duration.months(12), Money.zero(), TrialEnd.CONVERT,
                                    flat_plan(Money("30000.00"), Duration.years(3)), milestone=FIRST_REVENUE)
# 10,000 at signing, 40,000 when the product is certified (at the latest after a year).
ON_CERTIFICATION = staged_plan([(Duration.months(12), Money("10000.00")), (None, Money("40000.00"))],
                               Duration.years(3), [None, CERTIFIED])
