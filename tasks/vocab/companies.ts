/** Company names that are one GPT-2 token with a leading space (" Apple"); the e-mail domain is the lower-cased name + ".com". */
export const COMPANIES: readonly string[] = [
  'Apple', 'Google', 'Microsoft', 'Amazon', 'Intel', 'Facebook', 'Twitter', 'Oracle', 'IBM', 'Netflix', 'Tesla',
  'Adobe', 'Samsung', 'Sony', 'Nike', 'Ford', 'Boeing', 'Walmart', 'Target', 'Disney', 'Uber', 'Spotify', 'Dell',
  'Cisco', 'Nvidia', 'Yahoo', 'Honda', 'Toyota', 'Nokia', 'Shell', 'Pepsi', 'Visa', 'Starbucks', 'Reddit',
  'Airbnb', 'Dropbox', 'Slack', 'Zoom', 'Lyft', 'Yelp', 'Canon', 'Nintendo', 'Lego', 'Audi', 'Volvo', 'Motorola',
];
