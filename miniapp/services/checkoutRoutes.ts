/** Pages of 抵扣 (journey 5) and 药店模式, in the `subpackages/redeem` and `subpackages/pharmacy` subpackages. */
export const checkoutRoutes = {
  /** 出示码 (resident or a family member with `redeem`). */
  redeemCode: '/subpackages/redeem/code/index',
  /** One checkout on the resident's phone: confirm → pay → result (`?id=`). */
  redeemCheckout: '/subpackages/redeem/checkout/index',
  passbook: '/pages/passbook/index',
  pharmacyHome: '/subpackages/pharmacy/home/index',
  pharmacyNew: '/subpackages/pharmacy/new/index',
  /** The till's live view of one checkout (`?id=`). */
  pharmacyCheckout: '/subpackages/pharmacy/checkout/index',
  pharmacyCheckouts: '/subpackages/pharmacy/list/index',
  pharmacyStatements: '/subpackages/pharmacy/statements/index',
  acceptCashierInvitation: '/subpackages/pharmacy/accept/index',
} as const;

export const withId = (route: string, id: string) => `${route}?id=${encodeURIComponent(id)}`;
