export {
  identityViewsSchema,
  independentMaskViewsSchema,
  jitterViewsSchema,
  makeViews,
  maskViewsSchema,
  viewsSchema,
  type ViewPair,
  type ViewsConfig,
} from './views.ts';
